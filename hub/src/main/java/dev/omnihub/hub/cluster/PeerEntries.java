package dev.omnihub.hub.cluster;

import dev.omnihub.hub.events.EventLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Other nodes' events as their bus news carried them, waiting to be merged into this node's log. Each
 * news of a node carries its entries after the horizon it published last ({@code from}) up to its new
 * one, so news that follow one another form a chain: while a slot's chain is unbroken, this node holds
 * every entry of that slot up to the chain's end and need not read the store for it. A lost or
 * reordered news, a news that could not carry its entries, or another run of a node in the slot (whose
 * predecessor's last entries no news brought) breaks the chain; the store is read then, as without a
 * bus, until the log has merged past the point where a news takes the chain up again. One context only,
 * like {@link ClusterLog}.
 */
final class PeerEntries {

  /** The most entries held: beyond it (merging stalled) they are dropped and the store is read instead. */
  static final int MAX_PENDING = 20_000;

  /** Per slot: up to which cursor every entry of that slot is held here (pending or merged). */
  private final Map<Integer, Long> chainedUpTo = new HashMap<>();
  /** Per slot: the run of the node whose news make its chain. */
  private final Map<Integer, Long> incarnations = new HashMap<>();
  private final NavigableMap<Long, EventLog.Logged> pending = new TreeMap<>();

  /**
   * A news of {@code slot}: its entries in ({@code after}, {@code upTo}], or {@code null} when it could
   * not carry them.
   *
   * @param incarnation the run of the node that sent it
   * @param mergedUpTo  up to where this node's log holds every node's entries already
   */
  void heard(int slot, long incarnation, long after, long upTo, List<EventLog.Logged> entries, long mergedUpTo) {
    Long previous = incarnations.put(slot, incarnation);
    if (previous != null && previous != incarnation) {
      chainedUpTo.remove(slot);
    }
    if (entries == null || after > heldUpTo(slot, mergedUpTo)) {
      return;
    }
    for (EventLog.Logged entry : entries) {
      if (entry.cursor() > mergedUpTo) {
        pending.put(entry.cursor(), entry);
      }
    }
    chainedUpTo.merge(slot, upTo, Math::max);
    if (pending.size() > MAX_PENDING) {
      // Every chain breaks with what is dropped: the store has it all.
      pending.clear();
      chainedUpTo.clear();
    }
  }

  /** Whether every entry of {@code slot} up to {@code target} is held here or merged already. */
  boolean holds(int slot, long target, long mergedUpTo) {
    return heldUpTo(slot, mergedUpTo) >= target;
  }

  private long heldUpTo(int slot, long mergedUpTo) {
    // What the log merged is complete for every slot, whichever way it came.
    return Math.max(chainedUpTo.getOrDefault(slot, Long.MIN_VALUE), mergedUpTo);
  }

  /** Takes the held entries up to {@code upTo}, oldest first, to be merged. */
  List<EventLog.Logged> take(long upTo) {
    NavigableMap<Long, EventLog.Logged> due = pending.headMap(upTo, true);
    List<EventLog.Logged> taken = new ArrayList<>(due.values());
    due.clear();
    return taken;
  }

  /** The store was read up to {@code readUpTo}: what is held up to there came with that read. */
  void readFromStore(long readUpTo) {
    pending.headMap(readUpTo, true).clear();
  }

  /** Entries waiting (tests, and a bound on what a stuck chain keeps). */
  int size() {
    return pending.size();
  }
}
