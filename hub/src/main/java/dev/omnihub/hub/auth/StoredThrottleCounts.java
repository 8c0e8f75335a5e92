package dev.omnihub.hub.auth;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.store.StoreUnavailableException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;

/**
 * The login throttle's counts in the store, for nodes that share one: each key's document is read and
 * written back only if its version is still the one read (a loser reads again), so two nodes counting
 * attempts at one moment both count. Blocking. Documents a window past their last attempt are removed
 * now and then.
 */
public final class StoredThrottleCounts implements LoginThrottle.Counts {

  private static final int TRIES = 20;
  private static final long PRUNE_EVERY_MILLIS = 60_000;

  private final MongoCollection<Document> counts;
  private final AtomicLong prunedAt = new AtomicLong();

  public StoredThrottleCounts(MongoStore store) {
    this.counts = store.collection(Collections.LOGIN_THROTTLE);
  }

  @Override
  public LoginThrottle.Taken take(String key, int free, long now) {
    prune(now);
    for (int attempt = 0; attempt < TRIES; attempt++) {
      Document stored = counts.find(Filters.eq("_id", key)).first();
      LoginThrottle.Count count = stored == null ? null
          : new LoginThrottle.Count(stored.getLong("last"), stored.getInteger("attempts"), stored.getLong("notBefore"));
      LoginThrottle.Taken taken = LoginThrottle.step(count, free, now);
      if (taken.waitMillis() > 0 || write(key, stored, taken.next())) {
        return taken;
      }
    }
    throw new StoreUnavailableException("the login throttle's count for one key kept changing; try again");
  }

  /** Writes the next count if the stored one is still the one read. */
  private boolean write(String key, Document read, LoginThrottle.Count next) {
    if (read == null) {
      try {
        counts.insertOne(new Document("_id", key).append("last", next.lastMillis()).append("attempts", next.attempts())
            .append("notBefore", next.notBeforeMillis()).append("version", 1L));
        return true;
      } catch (RuntimeException e) {
        if (DuplicateKeys.isDuplicateKey(e)) {
          return false;
        }
        throw e;
      }
    }
    return counts.updateOne(Filters.and(Filters.eq("_id", key), Filters.eq("version", read.getLong("version"))),
        Updates.combine(Updates.set("last", next.lastMillis()), Updates.set("attempts", next.attempts()),
            Updates.set("notBefore", next.notBeforeMillis()), Updates.inc("version", 1L))).getModifiedCount() == 1;
  }

  @Override
  public void forget(List<String> keys) {
    counts.deleteMany(Filters.in("_id", keys));
  }

  private void prune(long now) {
    long last = prunedAt.get();
    if (now - last >= PRUNE_EVERY_MILLIS && prunedAt.compareAndSet(last, now)) {
      counts.deleteMany(Filters.lt("last", now - LoginThrottle.WINDOW.toMillis()));
    }
  }
}
