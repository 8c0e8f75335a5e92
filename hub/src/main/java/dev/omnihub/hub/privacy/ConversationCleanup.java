package dev.omnihub.hub.privacy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.attachments.AttachmentStore;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.MongoStore;
import java.time.Clock;
import java.util.List;
import org.bson.Document;

/**
 * What erasure and retention both remove from conversations: their files, thread keys, pending
 * deliveries and timers, and what the knowledge base learned from them (answered questions, verdicts).
 * Blocking.
 */
final class ConversationCleanup {

  private final MongoCollection<Document> messages;
  private final MongoCollection<Document> threadKeys;
  private final MongoCollection<Document> outbox;
  private final MongoCollection<Document> timers;
  private final MongoCollection<Document> deadTimers;
  private final MongoCollection<Document> deadDeliveries;
  private final MongoCollection<Document> answers;
  private final MongoCollection<Document> feedback;
  private final AttachmentStore files;
  private final MongoCollection<Document> tickets;
  private final MongoCollection<Document> slaClocks;
  private final MongoCollection<Document> surveys;
  private final Clock clock;

  ConversationCleanup(MongoStore store, AttachmentStore files, Clock clock) {
    this.answers = store.collection(Collections.KB_ANSWERS);
    this.feedback = store.collection(Collections.KB_FEEDBACK);
    this.clock = clock;
    this.messages = store.collection(Collections.MESSAGES);
    this.threadKeys = store.collection(Collections.THREAD_KEYS);
    this.outbox = store.collection(Collections.OUTBOX);
    this.timers = store.collection(Collections.TIMERS);
    this.deadTimers = store.collection(Collections.DEAD_TIMERS);
    this.deadDeliveries = store.collection(Collections.DEAD_DELIVERIES);
    this.tickets = store.collection(Collections.TICKETS);
    this.slaClocks = store.collection(Collections.SLA_CLOCKS);
    this.surveys = store.collection(Collections.CSAT_SURVEYS);
    this.files = files;
  }

  /** Deletes the stored files of the conversations' messages. @return how many */
  long deleteFiles(List<String> conversationIds) {
    long deleted = 0;
    var withFiles = Filters.and(Filters.in("conversationId", conversationIds), Filters.exists("attachments.id"));
    for (Document message : messages.find(withFiles).projection(new Document("attachments", 1))) {
      for (Document attachment : message.getList("attachments", Document.class)) {
        if (attachment.getString("id") != null) {
          files.delete(attachment.getString("id"));
          deleted++;
        }
      }
    }
    return deleted;
  }

  /**
   * Thread keys (an email's Message-ID) would lead the person's next mail back into these
   * conversations; queued deliveries (replies, bot events) and timers (an offline mail) would still
   * go out; a timer or delivery given up keeps its last error (and a bot event its payload), which
   * may name the person; their tickets' reasons and histories may too (their SLA clocks and timers go
   * with them); their satisfaction surveys hold the person's comments (their timers go with them).
   */
  void forgetThreadsAndDeliveries(List<String> conversationIds) {
    List<String> surveyIds = surveys.find(Filters.in("conversationId", conversationIds)).projection(new Document("_id", 1))
        .map(survey -> survey.getString("_id")).into(new java.util.ArrayList<>());
    timers.deleteMany(Filters.in("subjectId", surveyIds));
    surveys.deleteMany(Filters.in("conversationId", conversationIds));
    List<String> clockKeys = slaClocks.find(Filters.in("conversationId", conversationIds)).projection(new Document("_id", 1))
        .map(clock -> clock.getString("_id")).into(new java.util.ArrayList<>());
    timers.deleteMany(Filters.in("subjectId", clockKeys));
    slaClocks.deleteMany(Filters.in("conversationId", conversationIds));
    tickets.deleteMany(Filters.in("conversationId", conversationIds));
    threadKeys.deleteMany(Filters.in("conversationId", conversationIds));
    outbox.deleteMany(Filters.in("conversationId", conversationIds));
    timers.deleteMany(Filters.in("subjectId", conversationIds));
    deadTimers.deleteMany(Filters.in("subjectId", conversationIds));
    deadDeliveries.deleteMany(Filters.in("conversationId", conversationIds));
  }

  /**
   * Answered questions taken from these conversations become tombstones (every node's knowledge index
   * drops them, and "answered before" no longer offers them); verdicts given in them are deleted.
   */
  void forgetKnowledge(List<String> conversationIds) {
    answers.updateMany(Filters.and(Filters.in("conversationId", conversationIds), Filters.eq("deleted", false)), Updates.combine(
        Updates.set("deleted", true), Updates.unset("question"), Updates.unset("answer"), Updates.inc("version", 1L),
        Updates.set("changedAt", Docs.date(clock.instant()))));
    feedback.deleteMany(Filters.in("conversationId", conversationIds));
  }
}
