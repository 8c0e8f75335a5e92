package dev.omnihub.hub.cluster;

import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.store.MongoStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event log over several nodes sharing a store. The store arbitrates: each node holds a slot in
 * {@code nodes} (its cursors end in it), renews it every {@value #BEAT_MILLIS} ms with its published
 * horizon, and reads the others' entries from the store only up to the lowest horizon a live node
 * published, so nothing written late on any node is skipped. The event bus only makes that fast: a node
 * whose write settled says so on {@value #ADDRESS}, with the entries it wrote since its last news, and
 * the others answer with their own horizons, so an event reaches every node's readers within a few
 * milliseconds without the store being read for it ({@link PeerEntries}). Without the bus (or across a
 * split one, or after a lost news) the beats carry the horizons within a second and the entries are
 * read from the store.
 *
 * <p>A node that joins takes cursors from a second after its claim ({@value #JOIN_MILLIS} ms), and a node
 * reads past that only as far as its last reading of the registry plus that second: a node it has not yet
 * seen cannot have written below where it reads. A node that misses its beats for {@link #TTL} is left
 * out by the others (its entries in the store are read, and its horizon waited for no longer); it stops
 * taking cursors well before ({@link #WRITABLE_FOR}), and if it comes back after others may have read past
 * a write of its own that finished late, it is fenced: it writes no more events and must restart.
 */
public final class ClusterLog {

  private static final Logger log = LoggerFactory.getLogger(ClusterLog.class);
  /** The clustered bus address where nodes tell each other where their logs are. */
  static final String ADDRESS = "omnihub.cluster.log";
  static final long BEAT_MILLIS = 250;
  static final long JOIN_MILLIS = 1_000;
  /** A node that has not renewed its slot for this long is left out. */
  static final Duration TTL = Duration.ofSeconds(5);
  /** How long after its last renewal a node still takes cursors: well inside {@link #TTL}. */
  static final Duration WRITABLE_FOR = Duration.ofSeconds(3);
  private static final int BATCH = 500;
  /** The most entries one bus news carries; a node that wrote more since its last news sends none and the others read the store. */
  static final int NEWS_ENTRIES = 1_000;
  /**
   * The least time between two of this node's news. Under load a node's horizon moves at every group
   * commit (every few milliseconds) and each news costs every other node a frame, a decode and often an
   * answer; paced, one news carries what several commits wrote. A news after a quiet spell goes at once.
   */
  static final long NEWS_GAP_MILLIS = 10;

  /** What this node knows of another: its slot's holder, published horizon and last written cursor, and until when it is live. */
  private record Peer(String node, long horizon, long written, Instant until) {
  }

  private final Vertx vertx;
  private final MongoStore store;
  private final EventLog events;
  private final NodeRegistry registry;
  private final Clock clock;
  private final String nodeId;
  private final List<Consumer<String>> fencedListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> leftListeners = new CopyOnWriteArrayList<>();
  /** Nodes already reported gone, with the expiry they were gone at (a node that comes back and goes again is reported again). */
  private final java.util.Set<String> reportedGone = new java.util.HashSet<>();
  private int slot = -1;
  /** Written on this node's context only; concurrent because /health counts it from an HTTP event loop. */
  private final Map<Integer, Peer> peers = new java.util.concurrent.ConcurrentHashMap<>();
  // The fields below are touched on this node's context only.
  private Context context;
  private Instant registryReadAt;
  private Instant until;
  private long publishedHorizon;
  private long publishedWritten;
  private boolean publishScheduled;
  /** Whether everything that asked for the scheduled publication was an answer (which nobody answers again). */
  private boolean publishAsReply;
  /** Up to where this node's bus news have carried its entries: the next news carries those after it. */
  private long busHorizon;
  /** This run of the node, as its news name it: the floor of its cursors, new at every join. */
  private long incarnation;
  private final PeerEntries peerEntries = new PeerEntries();
  private final Counter mergedFromBus;
  private final Counter mergedFromStore;
  private final Counter newsSent;
  private final Counter answersSent;
  /** When this node last published, by {@link System#nanoTime}. */
  private long publishedAtNanos = System.nanoTime() - java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(NEWS_GAP_MILLIS);
  private boolean fetching;
  private boolean beating;
  private final Runnable horizonMoved = this::localHorizonMoved;

  public ClusterLog(Vertx vertx, MongoStore store, EventLog events, Clock clock, String nodeId, MeterRegistry metrics) {
    this.vertx = vertx;
    this.mergedFromBus = merged(metrics, "bus");
    this.mergedFromStore = merged(metrics, "store");
    this.newsSent = news(metrics, "news");
    this.answersSent = news(metrics, "answer");
    this.store = store;
    this.events = events;
    this.registry = new NodeRegistry(store);
    this.clock = clock;
    this.nodeId = nodeId;
  }

  private static Counter merged(MeterRegistry metrics, String source) {
    return Counter.builder("omnihub.cluster.log.merged").tag("source", source)
        .description("other nodes' events this node merged into its log, by where it read them: their bus news or the store")
        .register(metrics);
  }

  private static Counter news(MeterRegistry metrics, String kind) {
    return Counter.builder("omnihub.cluster.log.published").tag("kind", kind)
        .description("bus news this node published: after writing (news) or to tell a writer its horizon (answer)")
        .register(metrics);
  }

  /**
   * Takes a slot and joins the log (blocking; at start, before anything is written or served).
   *
   * @throws IllegalStateException when every slot is held by a live node
   */
  public void join() {
    Instant before = clock.instant();
    long floor = before.plusMillis(JOIN_MILLIS).toEpochMilli() << 16;
    until = before.plus(TTL);
    slot = registry.claim(nodeId, before, until, floor).orElseThrow(() -> new IllegalStateException(
        "all " + EventLog.SLOTS + " places in the cluster are held by live nodes; a cluster has at most " + EventLog.SLOTS + " nodes"));
    registryReadAt = before;
    long mergedFrom = floor;
    for (NodeRegistry.Slot other : registry.all()) {
      if (other.slot() != slot && other.liveAt(before)) {
        peers.put(other.slot(), new Peer(other.node(), other.horizon(), other.written(), other.until()));
        mergedFrom = Math.min(mergedFrom, other.horizon());
      }
    }
    events.joinCluster(slot, floor, mergedFrom);
    busHorizon = floor;
    incarnation = floor;
    events.placeHeld(before.plus(WRITABLE_FOR).toEpochMilli(), until.toEpochMilli());
    log.info("Joined the cluster's event log as {} in slot {} beside {} live nodes", nodeId, slot, peers.size());
  }

  /** Starts the beats and listens on the bus; call after {@link #join}. */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    return Future.<Void>future(started -> context.runOnContext(ignored -> {
      MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(ADDRESS, message -> heard(message.body()));
      events.onHorizonMoved(horizonMoved);
      vertx.setPeriodic(BEAT_MILLIS, id -> beat());
      consumer.completion().onComplete(started);
    }));
  }

  /** Runs with the reason once this node is fenced: it must restart. */
  public void onFenced(Consumer<String> listener) {
    fencedListeners.add(listener);
  }

  /** Runs with a node's name when it is gone (its place expired or it left), on this node's context. */
  public void onNodeLeft(Consumer<String> listener) {
    leftListeners.add(listener);
  }

  /** This node's slot. */
  public int slot() {
    return slot;
  }

  /** Nodes on this node's event bus, itself included. */
  public int busMembers() {
    return ClusteredBus.members(vertx);
  }

  /** Nodes live by the registry's last reading, this one included. */
  public int members() {
    Instant now = clock.instant();
    return 1 + (int) peers.values().stream().filter(peer -> peer.until().isAfter(now)).count();
  }

  /**
   * Gives the slot up at a clean stop, once this node's writes under way have finished, so that the
   * others wait for it no longer and read what it wrote last (blocking; after Vert.x closed).
   */
  public void leave() {
    if (slot < 0) {
      return;
    }
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (events.writing() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    try {
      registry.release(slot, nodeId, clock.instant(), events.publishableHorizon(), events.lastWritten());
    } catch (RuntimeException e) {
      log.warn("Could not give up this node's place in the cluster; the others wait {} s for it: {}", TTL.toSeconds(), e.toString());
    }
  }

  /** Renews the slot with this node's horizon and reads the others'. */
  private void beat() {
    if (beating || events.fenced() != null) {
      return;
    }
    beating = true;
    Instant before = clock.instant();
    Instant previousUntil = until;
    long horizon = events.publishableHorizon();
    long written = events.lastWritten();
    Instant next = before.plus(TTL);
    store.write(() -> registry.renew(slot, nodeId, next, horizon, written) ? registry.all() : null).onComplete(result -> {
      beating = false;
      if (result.failed()) {
        log.warn("Could not renew this node's place in the cluster: {}", result.cause().toString());
        return;
      }
      if (result.result() == null) {
        fence("another node took this node's place in the cluster after it expired");
        return;
      }
      if (before.isAfter(previousUntil) && (events.writing() || events.lastDurableAt() > previousUntil.toEpochMilli())) {
        // The others left this node out while a write of its own was under way or finished: they may have read past it.
        fence("this node was out of the cluster for " + Duration.between(previousUntil, before).toMillis()
            + " ms while writing; restart it");
        return;
      }
      until = next;
      events.placeHeld(before.plus(WRITABLE_FOR).toEpochMilli(), next.toEpochMilli());
      registryReadAt = before;
      publishedHorizon = Math.max(publishedHorizon, horizon);
      // Replaced slot by slot, never emptied: /health may count them meanwhile.
      peers.keySet().retainAll(result.result().stream().map(NodeRegistry.Slot::slot).toList());
      for (NodeRegistry.Slot other : result.result()) {
        if (other.slot() != slot) {
          peers.put(other.slot(), new Peer(other.node(), other.horizon(), other.written(), other.until()));
          if (!other.liveAt(before) && !other.node().equals(nodeId) && reportedGone.add(other.node() + "@" + other.until())) {
            leftListeners.forEach(listener -> listener.accept(other.node()));
          }
        }
      }
      advance();
    });
  }

  private void fence(String reason) {
    log.error("This node is fenced out of the cluster and writes no more events: {}", reason);
    events.fence(reason);
    fencedListeners.forEach(listener -> listener.accept(reason));
  }

  /** A settled write (or a merge) moved the log: tell the others when this node wrote something new. */
  private void localHorizonMoved() {
    if (events.lastWritten() > publishedWritten) {
      schedulePublish(false);
    }
  }

  private void schedulePublish(boolean reply) {
    context.runOnContext(ignored -> {
      if (publishScheduled) {
        publishAsReply &= reply;
        return;
      }
      publishScheduled = true;
      publishAsReply = reply;
      long waitMillis = NEWS_GAP_MILLIS - java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - publishedAtNanos);
      if (waitMillis > 0) {
        vertx.setTimer(waitMillis, id -> publishScheduled());
      } else {
        // Once more around the loop: what else this turn of it settles goes in the same news.
        context.runOnContext(again -> publishScheduled());
      }
    });
  }

  private void publishScheduled() {
    publishScheduled = false;
    publish(publishAsReply);
  }

  private void publish(boolean reply) {
    // The horizon first, then what was written: every entry at or below the horizon is then covered.
    long horizon = events.publishableHorizon();
    long written = events.lastWritten();
    if (horizon <= publishedHorizon && written <= publishedWritten) {
      return;
    }
    publishedHorizon = Math.max(publishedHorizon, horizon);
    publishedWritten = Math.max(publishedWritten, written);
    JsonObject news = new JsonObject().put("slot", slot).put("node", nodeId).put("horizon", horizon).put("written", written)
        .put("reply", reply).put("incarnation", incarnation).put("after", busHorizon);
    // Without "entries" (memory no longer holds them all, or too many) the others read the store for them.
    events.ownBetween(busHorizon, horizon).filter(entries -> entries.size() <= NEWS_ENTRIES)
        .ifPresent(entries -> news.put("entries", new JsonArray(entries.stream().map(EventLog.Logged::wireForm).toList())));
    busHorizon = Math.max(busHorizon, horizon);
    publishedAtNanos = System.nanoTime();
    (reply ? answersSent : newsSent).increment();
    // Vert.x 5.0's clustered publish hands one promise to its write to every node: while a dead node is
    // still listed, that write fails after another completed the promise, Vert.x reports "Promise
    // already completed" to this context, and the nodes after the dead one miss this news. The log is
    // built for that: their chain breaks and they read the store (or the next beat) instead.
    vertx.eventBus().publish(ADDRESS, news);
  }

  /** Another node said where its log is. */
  private void heard(JsonObject news) {
    int from = news.getInteger("slot", -1);
    Peer peer = peers.get(from);
    if (from == slot || peer == null || !peer.node().equals(news.getString("node"))) {
      // Our own, or a node the registry has not shown yet: its next beat will.
      return;
    }
    long horizon = news.getLong("horizon");
    JsonArray entries = news.getJsonArray("entries");
    peerEntries.heard(from, news.getLong("incarnation", 0L), news.getLong("after", Long.MAX_VALUE), horizon,
        entries == null ? null : entries.stream().map(entry -> EventLog.Logged.fromWire((JsonObject) entry)).toList(), events.mergedUpTo());
    peers.put(from, new Peer(peer.node(), Math.max(peer.horizon(), horizon), Math.max(peer.written(), news.getLong("written")),
        peer.until()));
    if (!news.getBoolean("reply", false) && publishedHorizon < horizon) {
      // It wrote: its readers wait for this node's horizon to pass its entry.
      schedulePublish(true);
    }
    advance();
  }

  /** Moves the log's merged horizon as far as every live node allows, reading their entries on the way when they wrote. */
  private void advance() {
    if (fetching) {
      return;
    }
    Instant now = clock.instant();
    long merged = events.mergedUpTo();
    long target = registryReadAt.plusMillis(JOIN_MILLIS).toEpochMilli() << 16;
    List<Map.Entry<Integer, Peer>> known = List.copyOf(peers.entrySet());
    for (Map.Entry<Integer, Peer> entry : known) {
      if (entry.getValue().until().isAfter(now)) {
        target = Math.min(target, entry.getValue().horizon());
      }
    }
    boolean read = false;
    for (Map.Entry<Integer, Peer> entry : known) {
      Peer peer = entry.getValue();
      if (peer.until().isAfter(now)) {
        // What it wrote that its news did not bring (a lost news, a split bus) is read from the store.
        read |= peer.written() > merged && !peerEntries.holds(entry.getKey(), target, merged);
      } else if (merged < ((peer.until().toEpochMilli() + 1) << 16)) {
        // Left out: whatever it wrote before it stopped is in the store, below its expiry.
        read = true;
      }
    }
    if (target <= merged) {
      return;
    }
    if (!read) {
      List<EventLog.Logged> heard = peerEntries.take(target);
      mergedFromBus.increment(heard.size());
      events.merge(heard, target);
      return;
    }
    fetching = true;
    long upTo = target;
    store.read(() -> events.othersBetween(merged, upTo, BATCH)).onComplete(result -> {
      fetching = false;
      if (result.failed()) {
        log.warn("Could not read other nodes' events after {}: {}", EventLog.token(merged), result.cause().toString());
        return;
      }
      peerEntries.readFromStore(result.result().readUpTo());
      mergedFromStore.increment(result.result().entries().size());
      events.merge(result.result().entries(), result.result().readUpTo());
      advance();
    });
  }
}
