package dev.omnihub.hub.ticket;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.MongoStore;
import org.bson.Document;

/**
 * Ticket numbers: 1001, 1002, ... one per ticket, never given twice, whatever escalates at the same
 * moment and across restarts. The truth is one counter document incremented by a single atomic
 * update (the store serialises them; on MongoDB too, and on any node of a cluster); the first two
 * callers may both try to create it, and the loser of that insert simply increments. A number taken
 * by a ticket whose write then failed is skipped, not reused: gaps are allowed, twins are not.
 * Blocking: run through the store.
 */
public final class TicketNumbers {

  static final long FIRST = 1001;
  private static final String ID = "ticket";
  private final MongoCollection<Document> counters;

  public TicketNumbers(MongoStore store) {
    this.counters = store.collection(Collections.COUNTERS);
  }

  /** The next ticket number. */
  public long next() {
    FindOneAndUpdateOptions upsertAfter = new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);
    for (int attempt = 0; ; attempt++) {
      try {
        Document counter = counters.findOneAndUpdate(Filters.eq("_id", ID), Updates.inc("issued", 1L), upsertAfter);
        return FIRST - 1 + counter.getLong("issued");
      } catch (RuntimeException e) {
        // Two first callers both upserted: the counter exists now; increment it.
        if (!DuplicateKeys.isDuplicateKey(e) || attempt >= 3) {
          throw e;
        }
      }
    }
  }
}
