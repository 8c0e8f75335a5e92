package dev.omnihub.hub.conversation;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.omnihub.adapters.spi.Attachment;
import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.hub.errors.NotFoundException;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.store.Page;
import dev.omnihub.hub.store.PageCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Messages. An inbound message carries {@code dedupeKey = <channelId>:<externalId>} under a unique
 * index, which makes every redelivery of it a no-op. An outbound message carries a {@code delivery}
 * sub-document: the message and its outbox state are written by one single-document operation.
 */
public final class MessageStore {

  private final MongoCollection<Document> messages;

  public MessageStore(MongoStore store) {
    this.messages = store.collection(Collections.MESSAGES);
  }

  public static String dedupeKey(String channelId, String externalId) {
    return channelId + ":" + externalId;
  }

  public Optional<Message> findByDedupeKey(String dedupeKey) {
    return Optional.ofNullable(messages.find(Filters.eq("dedupeKey", dedupeKey)).first()).map(MessageStore::toMessage);
  }

  public Optional<Message> find(String id) {
    return Optional.ofNullable(messages.find(Filters.eq("_id", id)).first()).map(MessageStore::toMessage);
  }

  /** @throws NotFoundException when there is no such message */
  public Message require(String id) {
    return find(id).orElseThrow(() -> new NotFoundException("message", id));
  }

  /** @return false when a message with the same dedupe key is already stored */
  public boolean insertIfNew(Document message) {
    try {
      messages.insertOne(message);
      return true;
    } catch (RuntimeException e) {
      if (DuplicateKeys.isDuplicateKey(e)) {
        return false;
      }
      throw e;
    }
  }

  public void insert(Document message) {
    messages.insertOne(message);
  }

  public void update(String id, Bson update) {
    messages.updateOne(Filters.eq("_id", id), update);
  }

  /** A conversation's messages in time order (or newest first), one page at a time. */
  public Page<Message> list(String conversationId, PageCursor cursor, int limit, boolean newestFirst) {
    Bson filter = Filters.eq("conversationId", conversationId);
    if (cursor != null) {
      filter = Filters.and(filter, newestFirst ? cursor.afterDescending("createdAt") : cursor.afterAscending("createdAt"));
    }
    Bson sort = newestFirst ? Sorts.descending("createdAt", "_id") : Sorts.ascending("createdAt", "_id");
    List<Document> fetched = messages.find(filter).sort(sort).limit(limit + 1).into(new ArrayList<>());
    return Page.fromDocuments(fetched, limit, "createdAt", MessageStore::toMessage);
  }

  /** Outbound messages whose delivery is not finished (start-up only). */
  public List<Message> undelivered() {
    return messages.find(Filters.in("delivery.status", List.of("pending", "retrying")))
        .map(MessageStore::toMessage).into(new ArrayList<>());
  }

  /** The document of a customer's message as the ingest pipeline stores it. */
  public static Document inbound(String id, String conversationId, String customerId, InboundMessage message, Instant now) {
    List<Document> attachments = new ArrayList<>();
    for (Attachment attachment : message.attachments()) {
      attachments.add(new Document("url", attachment.url())
          .append("fileName", attachment.fileName())
          .append("contentType", attachment.contentType())
          .append("size", attachment.size()));
    }
    Document doc = new Document("_id", id)
        .append("dedupeKey", dedupeKey(message.channel().id(), message.externalId()))
        .append("conversationId", conversationId)
        .append("customerId", customerId)
        .append("channel", message.channel().type().wireName())
        .append("channelId", message.channel().id())
        .append("direction", Direction.INBOUND.wireName())
        .append("author", new Document("type", "customer").append("id", customerId).append("name", message.sender().displayName()))
        .append("text", message.text())
        .append("attachments", attachments)
        .append("externalId", message.externalId())
        .append("sentAt", Docs.date(message.sentAt()))
        .append("createdAt", Docs.date(now));
    if (message.html() != null) {
      doc.append("html", message.html());
    }
    if (!message.metadata().isEmpty()) {
      doc.append("metadata", new Document(new java.util.LinkedHashMap<>(message.metadata())));
    }
    return doc;
  }

  public static Message toMessage(Document doc) {
    List<Document> attachments = doc.getList("attachments", Document.class);
    Object delivery = doc.get("delivery");
    return new Message(
        doc.getString("_id"),
        doc.getString("conversationId"),
        doc.getString("customerId"),
        doc.getString("channel"),
        doc.getString("channelId"),
        Direction.fromWireName(doc.getString("direction")),
        Docs.subDocument(doc, "author"),
        doc.getString("text"),
        doc.getString("html"),
        attachments == null ? List.of() : attachments,
        doc.getString("externalId"),
        Docs.instant(doc, "sentAt"),
        Docs.instant(doc, "createdAt"),
        delivery instanceof Document d ? d : null);
  }
}
