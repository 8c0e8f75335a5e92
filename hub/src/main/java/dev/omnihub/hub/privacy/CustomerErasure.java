package dev.omnihub.hub.privacy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.attachments.AttachmentStore;
import dev.omnihub.hub.audit.Actor;
import dev.omnihub.hub.audit.AuditLog;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.MessageDeliveries;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.MongoStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * Erases a customer on request (API.md "Privacy"): identities released, the profile and every profile
 * merged into it deleted, message texts and files replaced by {@value #ERASED}, previews and unread counts
 * cleared, the customer's outside events, calls, merge suggestions and pending deliveries removed, and the merge
 * records and stored event payloads stripped of what identified them. Conversations stay, closed and
 * emptied, so counts and response times keep adding up.
 *
 * <p>Crash-safe: the profiles to erase are written to the audit record before anything is removed,
 * every step is idempotent, and {@link #resumeInterrupted()} finishes what a crash cut short. A
 * message that resolved the customer just before the identities were released may land in an erased
 * conversation while the erasure runs, so the conversations are swept twice. Blocking.
 */
public final class CustomerErasure {

  public static final String ERASED = "[erased]";
  static final String AUDIT_TYPE = "customer.erased";
  private static final String STARTED = "started";
  private static final String DONE = "done";

  /** What an erasure removed, for the answer and the audit record (counts only: no personal data). */
  public record Report(String customerId, List<String> profiles, long conversations, long messages, long files) {

    Document toDocument() {
      return new Document("profiles", profiles).append("conversations", conversations).append("messages", messages)
          .append("files", files);
    }
  }

  private final MongoCollection<Document> customers;
  private final MongoCollection<Document> identities;
  private final MongoCollection<Document> conversations;
  private final MongoCollection<Document> messages;
  private final MessageDeliveries deliveries;
  private final MongoCollection<Document> timeline;
  private final MongoCollection<Document> calls;
  private final MongoCollection<Document> suggestions;
  private final MongoCollection<Document> events;
  private final MongoCollection<Document> audit;
  private final ConversationCleanup cleanup;
  private final AuditLog auditLog;
  private final Runnable forgetLiveEvents;
  private final Clock clock;

  /**
   * @param forgetLiveEvents drops the events kept in memory for live sockets, so that a replay reads
   *                         the scrubbed store instead of payloads recorded before the erasure
   */
  public CustomerErasure(MongoStore store, AttachmentStore files, AuditLog auditLog, Runnable forgetLiveEvents, Clock clock) {
    this.customers = store.collection(Collections.CUSTOMERS);
    this.identities = store.collection(Collections.IDENTITIES);
    this.conversations = store.collection(Collections.CONVERSATIONS);
    this.messages = store.collection(Collections.MESSAGES);
    this.deliveries = new MessageDeliveries(store);
    this.timeline = store.collection(Collections.CUSTOMER_EVENTS);
    this.calls = store.collection(Collections.CALLS);
    this.suggestions = store.collection(Collections.MERGE_SUGGESTIONS);
    this.events = store.collection(Collections.EVENTS);
    this.audit = store.collection(Collections.AUDIT);
    this.cleanup = new ConversationCleanup(store, files, clock);
    this.auditLog = auditLog;
    this.forgetLiveEvents = forgetLiveEvents;
    this.clock = clock;
  }

  /**
   * Erases the customer and every profile merged into them.
   *
   * @throws dev.omnihub.adapters.spi.NotFoundException when there is no such customer (or it was erased already)
   * @throws dev.omnihub.hub.errors.ConflictException when the profile was merged into another: erase that one
   */
  public Report erase(String customerId, Actor actor) {
    List<String> profiles = CustomerProfiles.of(customers, customerId, "erase");
    String auditId = auditId(customerId);
    auditLog.record(auditId, AUDIT_TYPE, customerId, actor, new Document("state", STARTED).append("profiles", profiles));
    Report report = run(customerId, profiles);
    auditLog.record(auditId, AUDIT_TYPE, customerId, actor, report.toDocument().append("state", DONE));
    return report;
  }

  /** Finishes erasures a crash interrupted; run at start-up. @return how many */
  public int resumeInterrupted() {
    List<Document> unfinished = audit.find(Filters.and(Filters.eq("type", AUDIT_TYPE), Filters.eq("details.state", STARTED)))
        .into(new ArrayList<>());
    for (Document entry : unfinished) {
      String customerId = entry.getString("subjectId");
      Document details = entry.get("details", Document.class);
      Report report = run(customerId, details.getList("profiles", String.class));
      Document recorded = entry.get("actor", Document.class);
      Actor actor = new Actor(recorded.getString("type"), recorded.getString("id"), recorded.getString("name"));
      auditLog.record(entry.getString("_id"), AUDIT_TYPE, customerId, actor, report.toDocument().append("state", DONE));
    }
    return unfinished.size();
  }

  private static String auditId(String customerId) {
    return "erasure:" + customerId;
  }

  private Report run(String customerId, List<String> profiles) {
    // First the identities: from here on, the person's next message starts a new profile.
    identities.deleteMany(Filters.in("customerId", profiles));
    Sweep first = sweepConversations(profiles);
    timeline.deleteMany(Filters.in("customerId", profiles));
    calls.deleteMany(Filters.in("customerId", profiles));
    suggestions.deleteMany(Filters.in("customerIds", profiles));
    stripMergeRecords(profiles);
    scrubStoredEvents(profiles);
    customers.deleteMany(Filters.in("_id", profiles));
    Sweep second = sweepConversations(profiles);
    forgetLiveEvents.run();
    return new Report(customerId, profiles, first.conversations() + second.conversations() - second.repeated(),
        first.messages() + second.messages(), first.files() + second.files());
  }

  private record Sweep(long conversations, long repeated, long messages, long files) {
  }

  /** Closes and empties the profiles' conversations; a second sweep counts only what the first missed. */
  private Sweep sweepConversations(List<String> profiles) {
    List<String> conversationIds = conversations.find(Filters.in("customerId", profiles)).projection(new Document("_id", 1))
        .map(doc -> doc.getString("_id")).into(new ArrayList<>());
    if (conversationIds.isEmpty()) {
      return new Sweep(0, 0, 0, 0);
    }
    // Counted by reading ids: countDocuments is an aggregation the embedded store answers by reading every conversation.
    long repeated = conversations.find(Filters.and(Filters.in("_id", conversationIds), Filters.exists("erasedAt")))
        .projection(new Document("_id", 1)).into(new ArrayList<>()).size();
    conversations.updateMany(Filters.in("_id", conversationIds), Updates.combine(
        Updates.set("status", ConversationStatus.CLOSED.wireName()),
        Updates.set("erasedAt", Docs.date(clock.instant())),
        Updates.unset("activeFor"),
        Updates.unset("lastPreview"),
        // Its messages are erased: none is left to read.
        Updates.unset(ConversationStore.UNREAD_COUNT),
        Updates.unset("csat"),
        Updates.unset("waitingSince"),
        Updates.unset("snoozedUntil"),
        Updates.inc("version", 1L)));
    cleanup.forgetThreadsAndDeliveries(conversationIds);
    cleanup.forgetKnowledge(conversationIds);
    long fileCount = cleanup.deleteFiles(conversationIds);
    deliveries.failUnfinished(conversationIds, "the customer was erased");
    // Each file leaves a placeholder, so the thread still shows that something was sent.
    var withAttachments = Filters.and(Filters.in("conversationId", conversationIds), Filters.exists("attachments.0"),
        Filters.ne("attachments.fileName", ERASED));
    for (Document message : messages.find(withAttachments).projection(new Document("attachments", 1))) {
      List<Document> placeholders = message.getList("attachments", Document.class).stream()
          .map(attachment -> new Document("fileName", ERASED).append("erased", true)).toList();
      messages.updateOne(Filters.eq("_id", message.getString("_id")), Updates.set("attachments", placeholders));
    }
    var unerased = Filters.and(Filters.in("conversationId", conversationIds), Filters.ne("text", ERASED));
    long messageCount = messages.updateMany(unerased, Updates.combine(
        Updates.set("text", ERASED),
        Updates.set("metadata", new Document("erased", true)),
        Updates.unset("html"),
        Updates.unset("author.name"))).getModifiedCount();
    return new Sweep(conversationIds.size(), repeated, messageCount, fileCount);
  }

  /** Merge records keep what undoes a merge: the loser's identities and profile. Both go. */
  private void stripMergeRecords(List<String> profiles) {
    var mergeRecords = Filters.and(Filters.in("type", "customer.merged", "customer.unmerged"),
        Filters.or(Filters.in("subjectId", profiles), Filters.in("details.loserId", profiles)));
    audit.updateMany(mergeRecords, Updates.combine(Updates.unset("details.identities"), Updates.unset("details.loserProfile"),
        Updates.unset("details.reason"), Updates.set("details.erased", true)));
  }

  /**
   * Stored event payloads that carry a profile (customer.created/updated, screen pops), a caller's
   * number or a ticket's reason and history keep only the ids. Messages and conversations are stored as ids already and re-rendered.
   */
  private void scrubStoredEvents(List<String> profiles) {
    for (String profile : profiles) {
      events.updateMany(Filters.eq("payload.customer.id", profile),
          Updates.set("payload.customer", new Document("id", profile).append("erased", true)));
    }
    events.updateMany(Filters.in("payload.customerId", profiles), Updates.combine(Updates.unset("payload.from"),
        Updates.unset("payload.to"), Updates.unset("payload.agentEmail")));
    events.updateMany(Filters.or(Filters.in("payload.suggestion.customerId", profiles), Filters.in("payload.suggestion.otherId", profiles)),
        Updates.combine(Updates.unset("payload.suggestion.identity"), Updates.unset("payload.suggestion.reason")));
    // A ticket's reason and history are written by agents about the person.
    events.updateMany(Filters.in("payload.ticket.customerId", profiles), Updates.combine(Updates.unset("payload.ticket.reason"),
        Updates.unset("payload.ticket.history"), Updates.set("payload.ticket.erased", true)));
  }
}
