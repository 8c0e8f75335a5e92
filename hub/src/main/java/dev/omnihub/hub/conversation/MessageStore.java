package dev.omnihub.hub.conversation;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.omnihub.adapters.spi.Attachment;
import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.attachments.AttachmentStore;
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
  private final MessageDeliveries deliveries;

  public MessageStore(MongoStore store) {
    this.messages = store.collection(Collections.MESSAGES);
    this.deliveries = new MessageDeliveries(store);
  }

  /** Changes of outbound messages' delivery state. */
  public MessageDeliveries deliveries() {
    return deliveries;
  }

  /**
   * The message with its event-log cursor, when it has one: a message inserted by a publishing write
   * is its own {@code message.created} entry (the write's {@code LogWrite} gives the cursor).
   */
  private static Document withCursor(Document message, Long cursor) {
    if (cursor != null) {
      message.put("cursor", cursor);
    }
    return message;
  }

  /** Metadata of a call transcript's message: {@code kind: call} and the call's facts. */
  public static final String CALL = "call";

  /** Where a stored attachment is served to agents. */
  public static final String ATTACHMENT_PATH = "/api/v1/attachments/";

  public static String dedupeKey(String channelId, String externalId) {
    return channelId + ":" + externalId;
  }

  public Optional<Message> findByDedupeKey(String dedupeKey) {
    return Optional.ofNullable(messages.find(Filters.eq("dedupeKey", dedupeKey)).first()).map(MessageStore::toMessage);
  }

  /** Whether a human agent replied to the customer in the conversation since then. */
  public boolean hasAgentReplySince(String conversationId, Instant since) {
    return messages.find(Filters.and(Filters.eq("conversationId", conversationId), Filters.gte("createdAt", Docs.date(since)),
        Filters.eq("direction", Direction.OUTBOUND.wireName()), Filters.eq("author.type", Author.AGENT))).projection(new Document("_id", 1))
        .first() != null;
  }

  public Optional<Message> find(String id) {
    return Optional.ofNullable(messages.find(Filters.eq("_id", id)).first()).map(MessageStore::toMessage);
  }

  /**
   * The messages the customer sees (inbound and outbound, never notes or system lines) of these
   * conversations, in event-log order: the order the widget numbers them in ({@code seq} 1, 2, 3...).
   * Messages written before the log existed come first, by time.
   *
   * @param upTo leave out messages whose cursor is above it (a socket receives those live)
   */
  public List<Message> customerVisible(java.util.Collection<String> conversationIds, long upTo) {
    if (conversationIds.isEmpty()) {
      return List.of();
    }
    List<Document> found = messages.find(Filters.and(Filters.in("conversationId", conversationIds),
        Filters.in("direction", List.of(Direction.INBOUND.wireName(), Direction.OUTBOUND.wireName())))).into(new ArrayList<>());
    found.removeIf(doc -> doc.get("cursor") instanceof Long cursor && cursor > upTo);
    found.sort(java.util.Comparator.comparingLong((Document doc) -> doc.get("cursor") instanceof Long cursor ? cursor : Long.MIN_VALUE)
        .thenComparing(doc -> doc.getDate("createdAt")));
    return found.stream().map(MessageStore::toMessage).toList();
  }

  /** The messages with these ids that exist. */
  public List<Message> findAll(java.util.Collection<String> ids) {
    return messages.find(Filters.in("_id", ids)).map(MessageStore::toMessage).into(new ArrayList<>());
  }

  /** @throws NotFoundException when there is no such message */
  public Message require(String id) {
    return find(id).orElseThrow(() -> new NotFoundException("message", id));
  }

  /**
   * @param cursor its event-log cursor, or {@code null} (its event, if any, gets an entry of its own)
   * @return false when a message with the same dedupe key is already stored
   */
  public boolean insertIfNew(Document message, Long cursor) {
    try {
      messages.insertOne(withCursor(message, cursor));
      return true;
    } catch (RuntimeException e) {
      if (DuplicateKeys.isDuplicateKey(e)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Whether the message was stored by a write that became durable too late to be acknowledged (its
   * node lost its place in the cluster meanwhile; see {@code PublishingStore}): its first log entry
   * may have been passed by readers.
   */
  public boolean isUnconfirmed(String id) {
    return messages.countDocuments(Filters.and(Filters.eq("_id", id), Filters.eq("unconfirmed", true))) == 1;
  }

  /**
   * Gives an unconfirmed message a new log cursor, once: false when another retry did it first.
   *
   * @param cursor from the retry's write, which then logs the message's {@code message.created} again
   */
  public boolean relog(String id, long cursor) {
    return messages.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("unconfirmed", true)),
        Updates.combine(Updates.set("cursor", cursor), Updates.unset("unconfirmed"))).getModifiedCount() == 1;
  }

  /** @param cursor its event-log cursor, or {@code null} (its event, if any, gets an entry of its own) */
  public void insert(Document message, Long cursor) {
    messages.insertOne(withCursor(message, cursor));
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

  /**
   * The newest messages of these conversations (a customer's, for the timeline), after the cursor in
   * (createdAt, id) descending order. Each conversation's range is read through {@code conversation_time}.
   */
  public List<Message> newestOf(List<String> conversationIds, PageCursor after, int limit) {
    List<Message> found = new ArrayList<>();
    for (String conversationId : conversationIds) {
      found.addAll(list(conversationId, after, limit, true).items());
    }
    found.sort(java.util.Comparator.comparing(Message::createdAt).thenComparing(Message::id).reversed());
    return found.size() > limit ? found.subList(0, limit) : found;
  }

  /**
   * Outbound messages whose delivery is not finished, read as they are iterated (through
   * {@code delivery_status_time}): the outbox's rebuild at start-up and when a node died.
   */
  public Iterable<Message> undelivered() {
    return messages.find(Filters.in("delivery.status", DeliveryStates.UNFINISHED)).map(MessageStore::toMessage);
  }

  /** The message a channel knows by this id (a sent email's Message-ID, an SMS sid). */
  public Optional<Message> findByProviderId(String channelId, String providerId) {
    return Optional.ofNullable(messages.find(Filters.and(Filters.eq("delivery.providerId", providerId), Filters.eq("channelId", channelId)))
        .first()).map(MessageStore::toMessage);
  }

  /**
   * The customer's newest message in a conversation on one channel: where an answer on that channel
   * goes and which mail it answers. Reads the conversation backwards from its newest message.
   */
  public Optional<Message> lastInbound(String conversationId, String channelId, int lookBack) {
    return messages.find(Filters.eq("conversationId", conversationId)).sort(Sorts.descending("createdAt", "_id")).limit(lookBack)
        .map(MessageStore::toMessage).into(new ArrayList<>()).stream()
        .filter(message -> message.direction() == Direction.INBOUND && channelId.equals(message.channelId()))
        .findFirst();
  }

  /** Messages whose delivery ended in a state, newest first, optionally of one channel type. */
  public Page<Message> deliveries(List<String> statuses, String channelType, PageCursor cursor, int limit) {
    List<Bson> clauses = new ArrayList<>(List.of(Filters.in("delivery.status", statuses)));
    if (channelType != null) {
      clauses.add(Filters.eq("channel", channelType));
    }
    if (cursor != null) {
      clauses.add(cursor.afterDescending("createdAt"));
    }
    List<Document> fetched = messages.find(Filters.and(clauses)).sort(Sorts.descending("createdAt", "_id")).limit(limit + 1)
        .into(new ArrayList<>());
    return Page.fromDocuments(fetched, limit, "createdAt", MessageStore::toMessage);
  }

  /** The document of a customer's message as the ingest pipeline stores it. */
  public static Document inbound(String id, String conversationId, String customerId, InboundMessage message, Instant now) {
    String dedupeKey = dedupeKey(message.channel().id(), message.externalId());
    List<Document> attachments = new ArrayList<>();
    for (int i = 0; i < message.attachments().size(); i++) {
      Attachment attachment = message.attachments().get(i);
      Document listed = new Document("fileName", attachment.fileName())
          .append("contentType", attachment.contentType())
          .append("size", attachment.size());
      if (attachment.content() != null) {
        String fileId = AttachmentStore.idFor(dedupeKey, i);
        listed.append("id", fileId).append("url", ATTACHMENT_PATH + fileId).append("inline", attachment.inline());
        if (attachment.contentId() != null) {
          listed.append("contentId", attachment.contentId());
        }
      } else {
        listed.append("url", attachment.url());
      }
      attachments.add(listed);
    }
    Document doc = new Document("_id", id)
        .append("dedupeKey", dedupeKey)
        .append("conversationId", conversationId)
        .append("customerId", customerId)
        .append("channel", message.channel().type().wireName())
        .append("channelId", message.channel().id())
        .append("direction", Direction.INBOUND.wireName())
        .append("author", authorDocument(new Author(Author.CUSTOMER, customerId, message.sender().displayName())))
        .append("text", message.text())
        .append("attachments", attachments)
        .append("externalId", message.externalId())
        .append("sentAt", Docs.date(message.sentAt()))
        .append("createdAt", Docs.date(now));
    if (message.html() != null) {
      doc.append("html", message.html());
    }
    Document metadata = new Document(new java.util.LinkedHashMap<>(message.metadata()));
    metadata.append("address", message.address().value()).append("addressKind", message.address().kind().wireName());
    if (metadata.get(CALL) instanceof String call) {
      // A call transcript's facts (speakers, timings, duration, recording) arrive as JSON: kept as a document.
      metadata.put(CALL, Document.parse(call));
    }
    return doc.append("metadata", metadata);
  }

  /**
   * The document of an automated message (an auto-reply, a list mail) kept as a system line of the
   * conversation it belongs to: visible to agents, never a customer turn that wants an answer.
   */
  public static Document automated(String id, String conversationId, String customerId, InboundMessage message, Instant now) {
    Document doc = inbound(id, conversationId, customerId, message, now);
    doc.put("direction", Direction.SYSTEM.wireName());
    doc.put("author", authorDocument(new Author(Author.SYSTEM, null, "Automatic message from " + message.address().value())));
    doc.put("automated", true);
    return doc;
  }

  /**
   * Stores a message written in the hub (a reply, a note, a system line); an outbound one carries its
   * delivery, queued and due now.
   *
   * @param cursor its event-log cursor, or {@code null} (its event, if any, gets an entry of its own)
   */
  public Message insertWritten(WrittenMessage written, Long cursor) {
    return insertWritten(written, cursor, new Document());
  }

  /**
   * The same, with fields of the writer's own ({@code dedupeKey} to write it once, {@code metadata}).
   *
   * @throws com.mongodb.MongoException a duplicate key when a message with that {@code dedupeKey} exists
   */
  public Message insertWritten(WrittenMessage written, Long cursor, Document extra) {
    Document doc = new Document("_id", written.id())
        .append("conversationId", written.conversationId())
        .append("customerId", written.customerId())
        .append("direction", written.direction().wireName())
        .append("author", authorDocument(written.author()))
        .append("text", written.text())
        .append("attachments", List.of())
        .append("createdAt", Docs.date(written.createdAt()));
    if (written.channelId() != null) {
      doc.append("channel", written.channel()).append("channelId", written.channelId());
    }
    if (written.direction() == Direction.OUTBOUND) {
      doc.append(MessageDeliveries.DELIVERY, MessageDeliveries.queued(written.createdAt()));
    }
    doc.putAll(extra);
    insert(doc, cursor);
    return toMessage(doc);
  }

  private static Document authorDocument(Author author) {
    return new Document("type", author.type()).append("id", author.id()).append("name", author.name());
  }

  private static Author toAuthor(Object stored) {
    return stored instanceof Document doc ? new Author(doc.getString("type"), doc.getString("id"), doc.getString("name"))
        : new Author(null, null, null);
  }

  private static ListedAttachment toAttachment(Document doc) {
    return new ListedAttachment(doc.getString("id"), doc.getString("url"), doc.getString("fileName"), doc.getString("contentType"),
        Docs.longValue(doc, "size"), doc.getBoolean("inline"), doc.getString("contentId"), Boolean.TRUE.equals(doc.getBoolean("erased")));
  }

  public static Message toMessage(Document doc) {
    List<Document> attachments = doc.getList("attachments", Document.class);
    return new Message(
        doc.getString("_id"),
        doc.getString("conversationId"),
        doc.getString("customerId"),
        doc.getString("channel"),
        doc.getString("channelId"),
        Direction.fromWireName(doc.getString("direction")),
        toAuthor(doc.get("author")),
        doc.getString("text"),
        doc.getString("html"),
        attachments == null ? List.of() : attachments.stream().map(MessageStore::toAttachment).toList(),
        doc.getString("externalId"),
        Docs.instant(doc, "sentAt"),
        Docs.instant(doc, "createdAt"),
        MessageDeliveries.toDelivery(doc.get(MessageDeliveries.DELIVERY)),
        Docs.plainMap(doc.get("metadata")));
  }
}
