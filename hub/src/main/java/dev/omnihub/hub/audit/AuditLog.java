package dev.omnihub.hub.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.MongoStore;
import java.time.Clock;
import org.bson.Document;

/** An append-only record of consequential changes (merges, role changes), kept with enough detail to undo them. */
public final class AuditLog {

  private final MongoCollection<Document> audit;
  private final Clock clock;

  public AuditLog(MongoStore store, Clock clock) {
    this.audit = store.collection(Collections.AUDIT);
    this.clock = clock;
  }

  /**
   * Writes one entry. The id is chosen by the caller so that a step re-run after a crash rewrites the
   * same entry instead of adding a second one.
   */
  public void record(String id, String type, String subjectId, Actor actor, Document details) {
    Document entry = new Document("_id", id)
        .append("type", type)
        .append("subjectId", subjectId)
        .append("actor", StoredActors.toDocument(actor))
        .append("at", Docs.date(clock.instant()))
        .append("details", details);
    audit.replaceOne(Filters.eq("_id", id), entry, new ReplaceOptions().upsert(true));
  }

  /** The entry with this id, if any. */
  public java.util.Optional<Document> find(String id) {
    return java.util.Optional.ofNullable(audit.find(Filters.eq("_id", id)).first());
  }
}
