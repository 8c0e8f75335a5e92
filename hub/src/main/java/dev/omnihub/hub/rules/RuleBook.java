package dev.omnihub.hub.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The rules in order, read from the store at most every {@link #FRESH_FOR} (and at once after a change
 * through this node), so evaluating an event reads no rules. Another node's change reaches this one
 * within that time.
 */
final class RuleBook {

  static final Duration FRESH_FOR = Duration.ofSeconds(2);

  private record Snapshot(List<Rule> rules, Instant readAt) {
  }

  private final RuleStore store;
  private final Clock clock;
  private volatile Snapshot snapshot;

  RuleBook(RuleStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The rules now (blocking: reads them when the copy is stale). */
  List<Rule> current() {
    Snapshot seen = snapshot;
    Instant now = clock.instant();
    if (seen == null || seen.readAt().plus(FRESH_FOR).isBefore(now)) {
      seen = new Snapshot(List.copyOf(store.all()), now);
      snapshot = seen;
    }
    return seen.rules();
  }

  /** The rules as last read, without reading: {@code null} when that copy is stale (or there is none). */
  List<Rule> lastRead() {
    Snapshot seen = snapshot;
    return seen == null || seen.readAt().plus(FRESH_FOR).isBefore(clock.instant()) ? null : seen.rules();
  }

  /** A rule changed here: the next look reads them again. */
  void changed() {
    snapshot = null;
  }
}
