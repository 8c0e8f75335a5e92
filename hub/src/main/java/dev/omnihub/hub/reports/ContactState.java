package dev.omnihub.hub.reports;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.MongoStore;
import java.time.Instant;
import java.util.Optional;
import org.bson.Document;

/**
 * {@code report_contacts}: per conversation, its current contact — when it started (or was reopened),
 * whether it has had its first human response and whether it ended (resolved or closed) — each
 * change with the cursor of the event that made it, so that event, taken again after a crash, makes
 * the same facts again (which the buckets then recognise) while any other finds the change done.
 * Blocking.
 */
final class ContactState {

  /**
   * @param startCursor    the event that started this contact
   * @param responseCursor the event of its first human response, or {@code null} before it
   * @param endCursor      the event that ended it, or {@code null} while it runs
   */
  record Contact(String conversationId, Instant start, long startCursor, Long responseCursor, Long endCursor) {

    boolean ended() {
      return endCursor != null;
    }

    boolean responded() {
      return responseCursor != null;
    }
  }

  private final MongoCollection<Document> contacts;

  ContactState(MongoStore store) {
    this.contacts = store.collection(Collections.REPORT_CONTACTS);
  }

  Optional<Contact> find(String conversationId) {
    return Optional.ofNullable(contacts.find(Filters.eq("_id", conversationId)).first()).map(ContactState::toContact);
  }

  void save(Contact contact) {
    contacts.replaceOne(Filters.eq("_id", contact.conversationId()), document(contact), new ReplaceOptions().upsert(true));
  }

  /** Many at once (a rebuild). */
  void saveAll(java.util.List<Contact> many) {
    if (!many.isEmpty()) {
      contacts.bulkWrite(many.stream().<com.mongodb.client.model.WriteModel<Document>>map(contact -> new com.mongodb.client.model.ReplaceOneModel<>(
          Filters.eq("_id", contact.conversationId()), document(contact), new ReplaceOptions().upsert(true))).toList());
    }
  }

  private static Document document(Contact contact) {
    return new Document("_id", contact.conversationId()).append("start", Docs.date(contact.start()))
        .append("startCursor", contact.startCursor()).append("responseCursor", contact.responseCursor()).append("endCursor", contact.endCursor());
  }

  void delete(java.util.Collection<String> conversationIds) {
    contacts.deleteMany(Filters.in("_id", conversationIds));
  }

  private static Contact toContact(Document doc) {
    return new Contact(doc.getString("_id"), Docs.instant(doc, "start"), Docs.longValue(doc, "startCursor"),
        doc.get("responseCursor") instanceof Number n ? n.longValue() : null, doc.get("endCursor") instanceof Number n ? n.longValue() : null);
  }
}
