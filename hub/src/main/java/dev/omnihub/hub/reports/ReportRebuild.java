package dev.omnihub.hub.reports;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import dev.omnihub.hub.conversation.Author;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.reports.ReportFact.Kind;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.MongoStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/**
 * The reports computed again from what the store keeps — each conversation's start, reopenings
 * ({@code reopenedAt}) and resolutions ({@code resolutions}), and its messages — for a store whose
 * buckets are missing (a hub upgraded to a version with reports, or buckets lost), and as the
 * recomputation the live buckets are tested against. What the store does not keep is counted as it is
 * now: the agent and queue of a conversation's start and resolution (the live buckets take them as they
 * were) and SLA results (not rebuilt). Blocking; run before the hub serves.
 */
public final class ReportRebuild {

  private static final String STATE_ID = "reports";
  private static final int BATCH = 500;

  private final MongoCollection<Document> conversations;
  private final MongoCollection<Document> messages;
  private final MongoCollection<Document> buckets;
  private final MongoCollection<Document> settings;
  private final ContactState contacts;

  ReportRebuild(MongoStore store, ContactState contacts) {
    this.conversations = store.collection(Collections.CONVERSATIONS);
    this.messages = store.collection(Collections.MESSAGES);
    this.buckets = store.collection(Collections.REPORT_BUCKETS);
    this.settings = store.collection(Collections.SETTINGS);
    this.contacts = contacts;
  }

  /** The cursor up to which the buckets were rebuilt (events up to it are in them), or empty when they never were. */
  Optional<Long> rebuiltUpTo() {
    return Optional.ofNullable(settings.find(Filters.eq("_id", STATE_ID)).first()).map(doc -> Docs.longValue(doc, "rebuiltUpTo"));
  }

  /**
   * Replaces the buckets and contacts with those computed from the store, as of the log's cursor
   * {@code upTo} (events after it are counted live).
   *
   * @return how many conversations it read
   */
  long rebuild(long upTo, Instant at) {
    buckets.deleteMany(new Document());
    Map<BucketId, BucketFigures> accumulated = new LinkedHashMap<>();
    long read = 0;
    List<Document> batch = new ArrayList<>(BATCH);
    for (Document conversation : conversations.find().projection(CONVERSATION_FIELDS).sort(Sorts.ascending("_id"))) {
      batch.add(conversation);
      if (batch.size() == BATCH) {
        read += rebuildBatch(batch, accumulated);
        batch.clear();
      }
    }
    read += rebuildBatch(batch, accumulated);
    List<Document> documents = accumulated.entrySet().stream().map(entry -> entry.getValue().into(bucket(entry.getKey(), upTo))).toList();
    for (int from = 0; from < documents.size(); from += BATCH) {
      buckets.insertMany(documents.subList(from, Math.min(documents.size(), from + BATCH)));
    }
    settings.replaceOne(Filters.eq("_id", STATE_ID), new Document("_id", STATE_ID).append("rebuiltUpTo", upTo).append("at", Docs.date(at)),
        new ReplaceOptions().upsert(true));
    return read;
  }

  private long rebuildBatch(List<Document> batch, Map<BucketId, BucketFigures> accumulated) {
    if (batch.isEmpty()) {
      return 0;
    }
    List<ContactState.Contact> current = new ArrayList<>(batch.size());
    for (Document conversation : batch) {
      // One query per conversation: its messages in time order straight from the conversation_time index.
      List<Document> thread = messages.find(Filters.eq("conversationId", conversation.getString("_id"))).projection(MESSAGE_FIELDS)
          .sort(Sorts.ascending("createdAt", "_id")).into(new ArrayList<>());
      Recomputed recomputed = recompute(conversation, thread);
      recomputed.facts().forEach(fact -> BucketId.of(fact).forEach(id -> accumulated.computeIfAbsent(id, ignored -> new BucketFigures())
          .add(fact)));
      current.add(recomputed.contact());
    }
    contacts.saveAll(current);
    return batch.size();
  }

  private static final Document CONVERSATION_FIELDS = new Document("createdAt", 1).append(ConversationStore.REOPENED_AT, 1)
      .append(ConversationStore.RESOLUTIONS, 1).append("resolvedAt", 1).append("status", 1).append("lastChannelType", 1).append("channels", 1)
      .append("assigneeId", 1).append("queueId", 1);
  private static final Document MESSAGE_FIELDS = new Document("conversationId", 1).append("direction", 1).append("author", 1)
      .append("channel", 1).append("createdAt", 1);

  /** A conversation's facts, and the state of its current contact. */
  record Recomputed(List<ReportFact> facts, ContactState.Contact contact) {
  }

  /**
   * What one conversation counts, from its stored history and its messages in time order: a contact
   * per start and reopening, its first human agent reply and its first resolution before the next.
   */
  static Recomputed recompute(Document conversation, List<Document> messages) {
    String id = conversation.getString("_id");
    String channel = conversation.getString("lastChannelType");
    List<String> channels = Docs.strings(conversation, "channels");
    String lastChannel = channel != null ? channel : channels.isEmpty() ? null : channels.get(channels.size() - 1);
    String assignee = conversation.getString("assigneeId");
    String queue = conversation.getString("queueId");
    List<Instant> starts = new ArrayList<>();
    starts.add(Docs.instant(conversation, "createdAt"));
    starts.addAll(instants(conversation, ConversationStore.REOPENED_AT));
    starts.sort(Instant::compareTo);
    List<Instant> resolutions = instants(conversation, ConversationStore.RESOLUTIONS);
    if (resolutions.isEmpty() && Docs.instant(conversation, "resolvedAt") != null) {
      resolutions = List.of(Docs.instant(conversation, "resolvedAt"));
    }
    List<ReportFact> facts = new ArrayList<>();
    Instant lastResponse = null;
    Instant lastResolution = null;
    for (int i = 0; i < starts.size(); i++) {
      Instant start = starts.get(i);
      Instant next = i + 1 < starts.size() ? starts.get(i + 1) : Instant.MAX;
      facts.add(ReportFact.of(Kind.CONVERSATION, 0, start, lastChannel, assignee, queue));
      if (i > 0) {
        facts.add(ReportFact.of(Kind.REOPENED, 0, start, lastChannel, assignee, queue));
      }
      lastResponse = null;
      for (Document message : messages) {
        Instant at = Docs.instant(message, "createdAt");
        Document author = Docs.subDocument(message, "author");
        if ("outbound".equals(message.getString("direction")) && Author.AGENT.equals(author.getString("type")) && !at.isBefore(start)
            && at.isBefore(next)) {
          facts.add(ReportFact.of(Kind.FIRST_RESPONSE, 0, at, message.getString("channel"), author.getString("id"), queue)
              .valued(ReportRecorder.seconds(start, at)));
          lastResponse = at;
          break;
        }
      }
      lastResolution = null;
      for (Instant resolved : resolutions) {
        if (!resolved.isBefore(start) && resolved.isBefore(next)) {
          facts.add(ReportFact.of(Kind.RESOLVED, 0, resolved, lastChannel, assignee, queue).valued(ReportRecorder.seconds(start, resolved)));
          lastResolution = resolved;
          break;
        }
      }
    }
    for (Document message : messages) {
      Document author = Docs.subDocument(message, "author");
      Instant at = Docs.instant(message, "createdAt");
      if ("inbound".equals(message.getString("direction"))) {
        facts.add(ReportFact.of(Kind.MESSAGE_IN, 0, at, message.getString("channel"), assignee, queue));
      } else if ("outbound".equals(message.getString("direction"))) {
        String agent = Author.AGENT.equals(author.getString("type")) ? author.getString("id") : assignee;
        facts.add(ReportFact.of(Kind.MESSAGE_OUT, 0, at, message.getString("channel"), agent, queue));
      }
    }
    Instant currentStart = starts.get(starts.size() - 1);
    boolean ended = lastResolution != null || "closed".equals(conversation.getString("status")) || "resolved".equals(conversation.getString("status"));
    return new Recomputed(facts, new ContactState.Contact(id, currentStart, 0, lastResponse == null ? null : 0L, ended ? 0L : null));
  }

  private static Document bucket(BucketId id, long upTo) {
    return new Document("_id", id.id()).append("appliedUpTo", upTo).append("span", id.span()).append("start", Docs.date(id.start()))
        .append("dim", id.dim()).append("key", id.key());
  }

  private static List<Instant> instants(Document document, String field) {
    List<Instant> instants = new ArrayList<>();
    for (Object value : document.getList(field, Object.class, List.of())) {
      if (value instanceof Date date) {
        instants.add(date.toInstant());
      }
    }
    instants.sort(Instant::compareTo);
    return instants;
  }
}
