package dev.omnihub.hub.cluster;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.omnihub.hub.limits.RateLimiter;
import dev.omnihub.hub.limits.SharedCounts;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.MongoStore;
import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-client limits' counts, shared by the nodes of a cluster through the store once a second, so
 * that a client spread over the nodes by a load balancer gets each limit once, not once per node. Each
 * node writes one document per limit (its busy keys' open windows, {@link RateLimiter#shared()}) and
 * reads the others'; a limiter adds what it read to its own counts ({@link RateLimiter.PeerUses}).
 *
 * <p>Approximate by design, as a limit may be: the counts are at most about two seconds old, so a burst
 * that reaches every node within that time gets up to a limit per node before the counts meet, and a
 * key below a twentieth of the limit on a node is not shared by it. The exact alternative, a store
 * round trip per chat message or session, costs more than the limits are worth; login throttles, which
 * guard passwords, are counted in the store exactly ({@code StoredThrottleCounts}).
 */
public final class RateCountExchange implements SharedCounts {

  static final long EVERY_MILLIS = 1_000;
  private static final Logger log = LoggerFactory.getLogger(RateCountExchange.class);

  /** A peer's uses of one key in the window it opened at {@code startMillis}. */
  private record PeerWindow(long startMillis, long windowMillis, int uses) {
  }

  private final String nodeId;
  private final Clock clock;
  private final List<RateLimiter> limiters = new CopyOnWriteArrayList<>();
  private final Map<String, List<Document>> lastWritten = new HashMap<>();
  private volatile Map<String, List<PeerWindow>> peers = Map.of();
  private MongoCollection<Document> counts;
  private final AtomicBoolean exchanging = new AtomicBoolean();
  private boolean failing;

  public RateCountExchange(String nodeId, Clock clock) {
    this.nodeId = nodeId;
    this.clock = clock;
  }

  /** Adds a limit to those shared (all of them are before the exchange starts). */
  @Override
  public RateLimiter register(RateLimiter limiter) {
    limiters.add(limiter);
    return limiter;
  }

  @Override
  public int uses(String limiter, String key, long nowMillis) {
    List<PeerWindow> windows = peers.get(limiter + '\n' + key);
    if (windows == null) {
      return 0;
    }
    int uses = 0;
    for (PeerWindow window : windows) {
      if (nowMillis - window.startMillis() < window.windowMillis()) {
        uses += window.uses();
      }
    }
    return uses;
  }

  /** Exchanges the counts every second, off the event loop; for nodes that share a store. */
  public void start(Vertx vertx, MongoStore store) {
    exchangeThrough(store);
    vertx.setPeriodic(EVERY_MILLIS, id -> {
      if (exchanging.compareAndSet(false, true)) {
        store.<Void>writeWithoutWaiting(() -> {
          exchange();
          return null;
        }).onComplete(done -> {
          exchanging.set(false);
          reportFailure(done);
        });
      }
    });
  }

  /** Warns when the exchange starts failing, not every second while it does. */
  private void reportFailure(AsyncResult<Void> done) {
    if (done.failed() && !failing) {
      log.warn("Could not share the per-client limits' counts with the other nodes (each counts alone until it can): {}",
          done.cause().getMessage());
    }
    failing = done.failed();
  }

  /** Where the counts are exchanged, for {@link #exchange()}. */
  void exchangeThrough(MongoStore store) {
    counts = store.collection(Collections.RATE_COUNTS);
  }

  /** Writes this node's busy keys where they changed and reads the other nodes'. Blocking. */
  void exchange() {
    for (RateLimiter limiter : limiters) {
      List<Document> keys = limiter.shared().stream()
          .map(window -> new Document("k", window.key()).append("s", window.startMillis()).append("n", window.uses())).toList();
      if (keys.equals(lastWritten.getOrDefault(limiter.name(), List.of()))) {
        continue;
      }
      counts.replaceOne(Filters.eq("_id", nodeId + '\n' + limiter.name()), new Document("node", nodeId).append("limit", limiter.name())
          .append("window", limiter.windowMillis()).append("at", clock.millis()).append("keys", keys), new ReplaceOptions().upsert(true));
      lastWritten.put(limiter.name(), keys);
    }
    Map<String, List<PeerWindow>> read = new HashMap<>();
    long now = clock.millis();
    for (Document peer : counts.find(Filters.ne("node", nodeId))) {
      long windowMillis = peer.getLong("window");
      if (now - peer.getLong("at") >= windowMillis) {
        continue;
      }
      for (Document key : peer.getList("keys", Document.class)) {
        PeerWindow window = new PeerWindow(key.getLong("s"), windowMillis, key.getInteger("n"));
        if (now - window.startMillis() < windowMillis) {
          read.computeIfAbsent(peer.getString("limit") + '\n' + key.getString("k"), ignored -> new ArrayList<>(2)).add(window);
        }
      }
    }
    peers = read;
  }
}
