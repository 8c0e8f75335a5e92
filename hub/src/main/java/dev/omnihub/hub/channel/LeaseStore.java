package dev.omnihub.hub.channel;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
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
import org.bson.conversions.Bson;

/**
 * Leases in the {@code leases} collection: a document per name with its owner, expiry and fencing
 * token. Renewing is an update of our own document; taking one over is a conditional update (expired)
 * that raises the token; a lease never taken is inserted, and of two nodes inserting at once one meets
 * a duplicate key, which means "not ours". Giving one up ends it but keeps the document, so the token
 * never starts again from 1.
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
  public Future<Long> acquireFenced(String name, Duration ttl) {
    return store.write(() -> {
      Instant now = clock.instant();
      Bson until = Updates.set("until", Docs.date(now.plus(ttl)));
      FindOneAndUpdateOptions after = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);
      // Ours still (or again: nobody took it after it ran out): the same token. A lease stored before tokens gets 1.
      Document renewed = leases.findOneAndUpdate(Filters.and(Filters.eq("_id", name), Filters.eq("owner", owner)),
          Updates.combine(until, Updates.max("token", 1L)), after);
      if (renewed != null) {
        return renewed.getLong("token");
      }
      Document taken = leases.findOneAndUpdate(Filters.and(Filters.eq("_id", name), Filters.lt("until", Docs.date(now))),
          Updates.combine(Updates.set("owner", owner), until, Updates.inc("token", 1L)), after);
      if (taken != null) {
        return taken.getLong("token");
      }
      // Held by another node, or never taken: only then is it inserted (a refused upsert is an error the store logs, every try).
      if (leases.countDocuments(Filters.eq("_id", name)) > 0) {
        return 0L;
      }
      try {
        leases.insertOne(new Document("_id", name).append("owner", owner).append("until", Docs.date(now.plus(ttl))).append("token", 1L));
        return 1L;
      } catch (RuntimeException e) {
        if (DuplicateKeys.isDuplicateKey(e)) {
          return 0L;
        }
        throw e;
      }
    });
  }

  /** Whether this node still holds the lease with this token (blocking, inside a store write or read). */
  public boolean holds(String name, long token) {
    return leases.countDocuments(Filters.and(Filters.eq("_id", name), Filters.eq("owner", owner), Filters.eq("token", token),
        Filters.gt("until", Docs.date(clock.instant())))) == 1;
  }

  @Override
  public Future<Void> release(String name) {
    return store.write(() -> {
      leases.updateOne(Filters.and(Filters.eq("_id", name), Filters.eq("owner", owner)), Updates.set("until", Docs.date(Instant.EPOCH)));
      return null;
    });
  }

  /**
   * Ends every lease a node that left the cluster held (blocking): the others take them over at their
   * next try instead of waiting out the time. Should that node only have been paused, its next renewal
   * finds its lease either still free (and keeps its token) or taken, with a higher token.
   *
   * @return how many
   */
  public long endLeasesOf(String gone) {
    return leases.updateMany(Filters.and(Filters.eq("owner", gone), Filters.gt("until", Docs.date(clock.instant()))),
        Updates.set("until", Docs.date(Instant.EPOCH))).getModifiedCount();
  }
}
