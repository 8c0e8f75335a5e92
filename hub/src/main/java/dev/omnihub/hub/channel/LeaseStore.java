package dev.omnihub.hub.channel;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.omnihub.adapters.spi.Leases;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.MongoStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.bson.Document;

/**
 * Leases in the {@code leases} collection: a document per name with its owner and expiry. Taking one
 * is a single conditional upsert (held by us, or expired); when another node holds it the upsert
 * meets the existing {@code _id} and fails with a duplicate key, which means "not ours".
 */
public final class LeaseStore implements Leases {

  private final MongoStore store;
  private final MongoCollection<Document> leases;
  private final Clock clock;
  private final String owner;

  public LeaseStore(MongoStore store, Clock clock, String owner) {
    this.store = store;
    this.leases = store.collection(Collections.LEASES);
    this.clock = clock;
    this.owner = owner;
  }

  @Override
  public Future<Boolean> acquire(String name, Duration ttl) {
    return store.write(() -> {
      Instant now = clock.instant();
      try {
        leases.updateOne(
            Filters.and(Filters.eq("_id", name), Filters.or(Filters.eq("owner", owner), Filters.lt("until", Docs.date(now)))),
            Updates.combine(Updates.set("owner", owner), Updates.set("until", Docs.date(now.plus(ttl)))),
            new UpdateOptions().upsert(true));
        return true;
      } catch (RuntimeException e) {
        if (DuplicateKeys.isDuplicateKey(e)) {
          return false;
        }
        throw e;
      }
    });
  }

  @Override
  public Future<Void> release(String name) {
    return store.write(() -> {
      leases.deleteOne(Filters.and(Filters.eq("_id", name), Filters.eq("owner", owner)));
      return null;
    });
  }
}
