package dev.omnihub.hub.store;

import com.mongodb.MongoCommandException;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.List;
import org.bson.conversions.Bson;

/**
 * Every index of the hub, created at start-up (idempotent) on the embedded store and on MongoDB alike:
 * both answer the same queries from them. Unique indexes carry correctness (one customer per identity,
 * one message per delivery, one default thread per customer); the others serve every list and lookup
 * the hub makes, each with the equality keys first and the sort keys after them, so a page is read in
 * order and stops at its limit.
 */
public final class StoreIndexes {

  private record Spec(String collection, Bson keys, IndexOptions options) {
  }

  private record Obsolete(String collection, String name) {
  }

  private static final Bson NEWEST_MESSAGE_FIRST = Indexes.descending("lastMessageAt", "_id");

  private static final List<Spec> INDEXES = List.of(
      // Idempotency of inbound deliveries: "<channelId>:<externalId>"; absent on outbound messages.
      new Spec(Collections.MESSAGES, Indexes.ascending("dedupeKey"), unique("dedupe_key").sparse(true)),
      // At most one default (continuing) conversation per customer; claimed by insert.
      new Spec(Collections.CONVERSATIONS, Indexes.ascending("activeFor"), unique("active_for").sparse(true)),
      new Spec(Collections.AGENTS, Indexes.ascending("email"), unique("agent_email")),
      // At most one open ticket per conversation (set while open, pending or on hold); claimed by insert.
      new Spec(Collections.TICKETS, Indexes.ascending("openFor"), unique("open_for").sparse(true)),
      new Spec(Collections.TICKETS, Indexes.ascending("number"), unique("ticket_number")),
      // Ticket lists, newest first: all of them, by status, and a customer's.
      new Spec(Collections.TICKETS, Indexes.descending("createdAt", "_id"), named("ticket_newest")),
      new Spec(Collections.TICKETS, Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("createdAt", "_id")),
          named("ticket_status_newest")),
      new Spec(Collections.TICKETS, Indexes.compoundIndex(Indexes.ascending("customerId"), Indexes.descending("createdAt", "_id")),
          named("ticket_customer_newest")),
      new Spec(Collections.TICKETS, Indexes.compoundIndex(Indexes.ascending("conversationId"), Indexes.descending("createdAt", "_id")),
          named("ticket_conversation_newest")),
      // The clocks a conversation's messages move (its ticket's, or its own while queued).
      new Spec(Collections.SLA_CLOCKS, Indexes.compoundIndex(Indexes.ascending("conversationId"), Indexes.ascending("active")),
          named("sla_clocks_conversation")),
      new Spec(Collections.CANNED_RESPONSES, Indexes.ascending("shortcutKey"), unique("canned_shortcut")),
      new Spec(Collections.RULE_RUNS, Indexes.ascending("at"), named("rule_runs_age")),
      new Spec(Collections.CAMPAIGNS, Indexes.descending("createdAt", "_id"), named("campaign_newest")),
      // Whether a customer was asked lately (quietDays); the survey a digit sent by SMS answers.
      new Spec(Collections.CSAT_SURVEYS, Indexes.ascending("customerId", "createdAt"), named("customer_asked")),
      new Spec(Collections.CSAT_SURVEYS, Indexes.ascending("smsKey", "askedAt"), named("sms_asked").sparse(true)),
      // A report's buckets: a dimension's hours in a range, or one key's (an agent's report).
      new Spec(Collections.REPORT_BUCKETS, Indexes.ascending("span", "dim", "start"), named("dimension_span")),
      new Spec(Collections.REPORT_BUCKETS, Indexes.ascending("span", "dim", "key", "start"), named("key_span")),
      new Spec(Collections.API_TOKENS, Indexes.ascending("hash"), unique("token_hash")),

      // A conversation's messages, a page at a time in either direction.
      new Spec(Collections.MESSAGES, Indexes.ascending("conversationId", "createdAt", "_id"), named("conversation_time")),
      // Replies by delivery state, newest first: the outbox rebuild at start-up and the dead letters
      // list. Only outbound messages have a delivery.
      new Spec(Collections.MESSAGES, Indexes.compoundIndex(Indexes.ascending("delivery.status"), Indexes.descending("createdAt", "_id")),
          named("delivery_status_time").sparse(true)),
      // Messages are their own message.created entries of the event log, read back by cursor.
      new Spec(Collections.MESSAGES, Indexes.ascending("cursor"), named("event_cursor").sparse(true)),
      // A channel's news about a sent message (a bounce, an SMS status callback) finds it by provider id.
      new Spec(Collections.MESSAGES, Indexes.ascending("delivery.providerId"), named("delivery_provider").sparse(true)),
      // A stored file leads to its message (a channel-limited token may download only its channels' files).
      new Spec(Collections.MESSAGES, Indexes.ascending("attachments.id"), named("attachment_file").sparse(true)),
      // A campaign's delivered, failed and replied messages, counted for its figures (only campaigns' messages have them).
      new Spec(Collections.MESSAGES, Indexes.ascending("campaignOutcomes"), named("campaign_outcomes").sparse(true)),
      new Spec(Collections.CHANNEL_STATUS, Indexes.ascending("channelId"), named("channel")),
      // Inbox lists: every filter first, then most recent activity. Lists always filter by status (all
      // five when none is asked for), so no index without it is needed.
      new Spec(Collections.CONVERSATIONS, inbox("status"), named("inbox_status")),
      new Spec(Collections.CONVERSATIONS, inbox("assigneeId", "status"), named("inbox_assignee")),
      new Spec(Collections.CONVERSATIONS, inbox("queueId", "status"), named("inbox_queue")),
      new Spec(Collections.CONVERSATIONS, inbox("channels", "status"), named("inbox_channel_type")),
      new Spec(Collections.CONVERSATIONS, inbox("channelIds", "status"), named("inbox_channel")),
      new Spec(Collections.CONVERSATIONS, inbox("customerId"), named("customer_recent")),
      // Routing: a queue's waiting conversations in the order they go out (priority, then wait; the keys
      // exist only while one waits, so the index holds just those), and the agent whose hold counts one.
      new Spec(Collections.CONVERSATIONS, Indexes.ascending("routing.wait.q", "routing.wait.r", "routing.wait.at"),
          named("queue_waiting").sparse(true)),
      new Spec(Collections.AGENT_LOADS, Indexes.ascending("holds.c"), named("held_conversation")),
      // Customer list (current profiles, newest first) and merges that a crash interrupted.
      new Spec(Collections.CUSTOMERS, Indexes.compoundIndex(Indexes.ascending("mergedInto"), Indexes.descending("createdAt", "_id")),
          named("current_newest")),
      new Spec(Collections.CUSTOMERS, Indexes.ascending("mergeState"), named("merge_pending").sparse(true)),
      new Spec(Collections.IDENTITIES, Indexes.ascending("customerId"), named("customer")),
      // Merge suggestions to decide, newest first, and those of one customer.
      new Spec(Collections.MERGE_SUGGESTIONS, Indexes.compoundIndex(Indexes.ascending("status"), Indexes.descending("createdAt", "_id")),
          named("status_newest")),
      new Spec(Collections.MERGE_SUGGESTIONS, Indexes.ascending("customerIds"), named("customers")),
      // Outside events: stored once per externalId; a customer's timeline, newest first.
      new Spec(Collections.CUSTOMER_EVENTS, Indexes.ascending("externalId"), unique("external_id")),
      new Spec(Collections.CUSTOMER_EVENTS, Indexes.compoundIndex(Indexes.ascending("customerId"), Indexes.descending("occurredAt", "_id")),
          named("customer_newest")),
      new Spec(Collections.OUTBOX, Indexes.ascending("nextAttemptAt"), named("due")),
      // A conversation's queued deliveries in order: only the oldest may go.
      new Spec(Collections.OUTBOX, Indexes.ascending("conversationId", "queuedAt", "_id"), named("conversation_queue")),
      new Spec(Collections.TIMERS, Indexes.ascending("dueAt"), named("due")),
      // Knowledge base: changes in order for every node's index, the article list, an article's versions.
      new Spec(Collections.KB_ARTICLES, Indexes.ascending("changedAt", "_id"), named("changes")),
      new Spec(Collections.KB_ARTICLES, Indexes.compoundIndex(Indexes.ascending("deleted"), Indexes.descending("updatedAt", "_id")),
          named("live_newest")),
      new Spec(Collections.KB_ARTICLE_VERSIONS, Indexes.compoundIndex(Indexes.ascending("articleId"), Indexes.descending("version")),
          named("article")),
      // Verdicts on suggestions in a conversation (dismissed ones are not offered there again).
      new Spec(Collections.KB_FEEDBACK, Indexes.ascending("conversationId"), named("conversation")),
      // Answered questions: changes in order for every node's index.
      new Spec(Collections.KB_ANSWERS, Indexes.ascending("changedAt", "_id"), named("changes")),
      // Alerts newest first; one per cluster and window.
      new Spec(Collections.ALERTS, Indexes.descending("at", "_id"), named("newest")),
      new Spec(Collections.AUDIT, Indexes.ascending("subjectId", "at"), named("subject")),
      // The audit list: newest first, by actor, by action.
      new Spec(Collections.AUDIT, Indexes.descending("at", "_id"), named("newest")),
      new Spec(Collections.AUDIT, Indexes.compoundIndex(Indexes.ascending("actor.id"), Indexes.descending("at")), named("actor")),
      new Spec(Collections.AUDIT, Indexes.compoundIndex(Indexes.ascending("type"), Indexes.descending("at")), named("action")));

  /** Indexes earlier versions created and nothing uses now (their names are free for other keys). */
  private static final List<Obsolete> OBSOLETE = List.of(
      new Obsolete(Collections.MESSAGES, "delivery_status"),
      new Obsolete(Collections.EVENTS, "age"),
      new Obsolete(Collections.CUSTOMERS, "id_version"),
      new Obsolete(Collections.CUSTOMERS, "created"),
      new Obsolete(Collections.CONVERSATIONS, "id_version"),
      new Obsolete(Collections.CONVERSATIONS, "recent"),
      new Obsolete(Collections.CONVERSATIONS, "customer"),
      new Obsolete(Collections.CONVERSATIONS, "status_recent"),
      new Obsolete(Collections.CONVERSATIONS, "assignee_recent"));

  private StoreIndexes() {
  }

  /** Blocking; run once at start-up before serving. Builds new indexes from existing documents. */
  public static void create(MongoStore store) {
    for (Obsolete obsolete : OBSOLETE) {
      dropIfPresent(store, obsolete);
    }
    for (Spec spec : INDEXES) {
      store.collection(spec.collection()).createIndex(spec.keys(), spec.options());
    }
  }

  private static void dropIfPresent(MongoStore store, Obsolete obsolete) {
    boolean present = store.collection(obsolete.collection()).listIndexes()
        .into(new java.util.ArrayList<>()).stream().anyMatch(index -> obsolete.name().equals(index.getString("name")));
    if (present) {
      try {
        store.collection(obsolete.collection()).dropIndex(obsolete.name());
      } catch (MongoCommandException e) {
        // Another node dropped it a moment ago.
      }
    }
  }

  /** Equality keys, then newest activity first (ties by id, as the inbox pages). */
  private static Bson inbox(String... equalityKeys) {
    return Indexes.compoundIndex(Indexes.ascending(equalityKeys), NEWEST_MESSAGE_FIRST);
  }

  private static IndexOptions unique(String name) {
    return new IndexOptions().name(name).unique(true);
  }

  private static IndexOptions named(String name) {
    return new IndexOptions().name(name);
  }
}
