package dev.omnihub.hub.privacy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.omnihub.hub.attachments.AttachmentStore;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.MongoStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * Deletes what the configured retention no longer keeps (API.md "Privacy"): audit entries older than
 * {@code AUDIT_RETENTION_DAYS}, and resolved or closed conversations untouched for
 * {@code CONVERSATION_RETENTION_DAYS}, with their messages, files, thread keys, pending deliveries and
 * log entries. Nothing is deleted when neither is set. Idempotent, in batches, so several nodes may
 * sweep at once and a stop half-way loses nothing but time. Blocking.
 */
public final class RetentionSweeper {

  private static final int BATCH = 200;
  /** The lease the node that sweeps holds: one node of a cluster sweeps at a time. */
  public static final String LEASE = "retention";

  /** What one sweep deleted. */
  public record Report(long auditEntries, long conversations, long messages, long files) {

    public boolean any() {
      return auditEntries + conversations + messages + files > 0;
    }
  }

  private final MongoCollection<Document> audit;
  private final MongoCollection<Document> conversations;
  private final MongoCollection<Document> messages;
  private final MongoCollection<Document> events;
  private final ConversationCleanup cleanup;
  private final Duration auditRetention;
  private final Duration conversationRetention;
  private final Runnable forgetLiveEvents;
  private final Clock clock;

  /** @param auditRetention, conversationRetention {@code null} keeps them for good */
  public RetentionSweeper(MongoStore store, AttachmentStore files, Duration auditRetention, Duration conversationRetention,
      Runnable forgetLiveEvents, Clock clock) {
    this.audit = store.collection(Collections.AUDIT);
    this.conversations = store.collection(Collections.CONVERSATIONS);
    this.messages = store.collection(Collections.MESSAGES);
    this.events = store.collection(Collections.EVENTS);
    this.cleanup = new ConversationCleanup(store, files, clock);
    this.auditRetention = auditRetention;
    this.conversationRetention = conversationRetention;
    this.forgetLiveEvents = forgetLiveEvents;
    this.clock = clock;
  }

  public boolean enabled() {
    return auditRetention != null || conversationRetention != null;
  }

  public Report sweepOnce() {
    long auditEntries = auditRetention == null ? 0
        : audit.deleteMany(Filters.lt("at", Docs.date(clock.instant().minus(auditRetention)))).getDeletedCount();
    long conversationCount = 0;
    long messageCount = 0;
    long fileCount = 0;
    if (conversationRetention != null) {
      var expired = Filters.and(Filters.in("status", ConversationStatus.RESOLVED.wireName(), ConversationStatus.CLOSED.wireName()),
          Filters.lt("updatedAt", Docs.date(clock.instant().minus(conversationRetention))));
      List<String> batch;
      do {
        batch = conversations.find(expired).projection(new Document("_id", 1)).limit(BATCH).map(doc -> doc.getString("_id"))
            .into(new ArrayList<>());
        if (batch.isEmpty()) {
          break;
        }
        fileCount += cleanup.deleteFiles(batch);
        messageCount += messages.deleteMany(Filters.in("conversationId", batch)).getDeletedCount();
        cleanup.forgetThreadsAndDeliveries(batch);
        cleanup.forgetKnowledge(batch);
        events.deleteMany(Filters.in("conversationId", batch));
        // Last: a stop before this line leaves the conversation to be found by the next sweep.
        conversationCount += conversations.deleteMany(Filters.in("_id", batch)).getDeletedCount();
      } while (batch.size() == BATCH);
      if (conversationCount > 0) {
        forgetLiveEvents.run();
      }
    }
    return new Report(auditEntries, conversationCount, messageCount, fileCount);
  }
}
