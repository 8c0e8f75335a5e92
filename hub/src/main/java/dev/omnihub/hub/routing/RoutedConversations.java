package dev.omnihub.hub.routing;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.Routing;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.MongoStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Routing's writes to conversations. Each is conditional on the version the caller read, so a decision
 * made on a conversation that changed meanwhile (a message, a resolution, another router's or a
 * person's assignment) writes nothing and is made again on what is there now; that is what keeps a
 * conversation from going to two agents. Blocking: call through {@link MongoStore}.
 */
public final class RoutedConversations {

  private static final FindOneAndUpdateOptions RETURN_AFTER = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

  private final MongoCollection<Document> conversations;

  public RoutedConversations(MongoStore store) {
    this.conversations = store.collection(Collections.CONVERSATIONS);
  }

  public Optional<Conversation> find(String id) {
    return Optional.ofNullable(conversations.find(Filters.eq("_id", id)).first()).map(ConversationStore::toConversation);
  }

  /** It waits in the queue from {@code since} (its place in the waiting order) with its priority's rank. */
  public Optional<Conversation> place(Conversation read, String queueId, Instant since, Instant now) {
    return ifUnchanged(read, now, Updates.set("queueId", queueId), Updates.set("routing.queuedAt", Docs.date(since)),
        wait(queueId, Routing.rank(read.priority()), since), Updates.unset("routing.pooled"));
  }

  /** No queue takes it: it stays in the unassigned pool, and is looked at again when the queues change. */
  public Optional<Conversation> pool(Conversation read, Instant now) {
    return ifUnchanged(read, now, Updates.set("routing.pooled", true), Updates.unset("routing.wait"));
  }

  /** It waits for nobody any more (a bot has it, or it is not open). */
  public Optional<Conversation> stopWaiting(Conversation read, Instant now) {
    return ifUnchanged(read, now, Updates.unset("routing.wait"));
  }

  /** Assigns it to the agent, backed by the hold with this token; it waits no more. */
  public Optional<Conversation> assign(Conversation read, String agentId, String hold, String type, Decision decision, Instant now) {
    List<Bson> updates = new ArrayList<>(List.of(Updates.set("assigneeId", agentId),
        hold == null ? Updates.unset("routing.hold") : Updates.set("routing.hold", hold),
        Updates.set("routing.type", type), Updates.set("routing.manual", decision.manual()), Updates.unset("routing.wait"),
        Updates.unset("routing.pooled")));
    updates.addAll(reason(decision));
    if (decision.queueId() != null) {
      updates.add(Updates.set("queueId", decision.queueId()));
      if (read.routing().queuedAt() == null) {
        // Given out as it arrived, without waiting in the line: it was in the queue from the customer's first word.
        updates.add(Updates.set("routing.queuedAt", Docs.date(read.waitingSince() == null ? now : read.waitingSince())));
      }
    }
    return ifUnchanged(read, now, updates.toArray(Bson[]::new));
  }

  /** The conversations with these ids that exist, in one read. */
  public List<Conversation> findAll(java.util.Collection<String> ids) {
    return conversations.find(Filters.in("_id", ids)).map(ConversationStore::toConversation).into(new ArrayList<>());
  }

  /** A reopened conversation stays with its agent: the hold with this token counts it again. */
  public Optional<Conversation> keep(Conversation read, String hold, String type, Decision decision, Instant now) {
    List<Bson> updates = new ArrayList<>(List.of(Updates.set("routing.hold", hold), Updates.set("routing.type", type)));
    updates.addAll(reason(decision));
    return ifUnchanged(read, now, updates.toArray(Bson[]::new));
  }

  /**
   * Takes it from its agent. With a queue it waits there from {@code since}; without one it is
   * unassigned (and placed again by the next look at it).
   */
  public Optional<Conversation> unassign(Conversation read, String queueId, Instant since, Decision decision, Instant now) {
    List<Bson> updates = new ArrayList<>(List.of(Updates.unset("assigneeId"), Updates.unset("routing.hold"), Updates.unset("routing.type"),
        Updates.set("routing.manual", false)));
    updates.addAll(reason(decision));
    if (queueId != null) {
      updates.add(Updates.set("queueId", queueId));
      updates.add(Updates.set("routing.queuedAt", Docs.date(since)));
      updates.add(wait(queueId, Routing.rank(read.priority()), since));
    }
    return ifUnchanged(read, now, updates.toArray(Bson[]::new));
  }

  /**
   * Puts it in another queue ({@code null}: none). If it waits, it waits there, keeping its place in
   * time; open with nobody and no bot, it starts waiting there.
   */
  public Optional<Conversation> moveTo(Conversation read, String queueId, Decision decision, Instant now) {
    List<Bson> updates = new ArrayList<>(List.of(Updates.set("queueId", queueId)));
    boolean waits = read.routing().waitingIn() != null
        || read.assigneeId() == null && read.botId() == null && read.status() == ConversationStatus.OPEN;
    if (queueId == null) {
      updates.add(Updates.unset("routing.wait"));
    } else if (read.routing().waitingIn() != null) {
      updates.add(Updates.set("routing.wait.q", queueId));
    } else if (waits) {
      Instant since = read.waitingSince() == null ? now : read.waitingSince();
      updates.add(Updates.set("routing.queuedAt", Docs.date(since)));
      updates.add(wait(queueId, Routing.rank(read.priority()), since));
    }
    updates.addAll(reason(decision));
    return ifUnchanged(read, now, updates.toArray(Bson[]::new));
  }

  /**
   * Sets its priority (its place in the waiting order, if it waits) and the skills an agent needs to
   * be offered it; {@code null} leaves either as it is.
   */
  public Optional<Conversation> require(Conversation read, String priority, List<String> skills, Instant now) {
    List<Bson> updates = new ArrayList<>();
    if (priority != null) {
      updates.add(Updates.set("priority", priority));
      if (read.routing().waitingIn() != null) {
        updates.add(Updates.set("routing.wait.r", Routing.rank(priority)));
      }
    }
    if (skills != null) {
      updates.add(Updates.set("routing.requiredSkills", skills));
    }
    return ifUnchanged(read, now, updates.toArray(Bson[]::new));
  }

  /** Moves a waiting conversation to its queue's overflow queue, keeping its place in time; once only. */
  public Optional<Conversation> overflow(Conversation read, String toQueueId, Instant now) {
    return ifUnchanged(read, now, Updates.set("queueId", toQueueId), Updates.set("routing.wait.q", toQueueId),
        Updates.set("routing.overflowed", true), Updates.set("routing.reason", Decision.OVERFLOW), Updates.unset("routing.ruleId"));
  }

  /**
   * Writes nothing but a new version, if the conversation is still at {@code version}: any decision
   * made on that version (a hold being carried into an assignment) can no longer be written.
   */
  public boolean fence(String id, long version) {
    return conversations.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("version", version)), Updates.inc("version", 1L))
        .getModifiedCount() == 1;
  }

  /** A queue's waiting conversations in the order they go out: priority, then how long they have waited. */
  public List<Conversation> waiting(String queueId, int limit) {
    return conversations.find(Filters.eq("routing.wait.q", queueId))
        .sort(Sorts.ascending("routing.wait.q", "routing.wait.r", "routing.wait.at"))
        .limit(limit).map(ConversationStore::toConversation).into(new ArrayList<>());
  }

  /** How many conversations wait in a queue. */
  public long countWaiting(String queueId) {
    // Not countDocuments: an aggregation, which the embedded store answers by reading every conversation.
    long waiting = 0;
    for (Document ignored : conversations.find(Filters.eq("routing.wait.q", queueId)).projection(new Document("_id", 1))) {
      waiting++;
    }
    return waiting;
  }

  /** An agent's open conversations whose customer waits for an answer (given back when the agent is long offline). */
  public List<Conversation> awaitingAnswerFrom(String agentId) {
    return conversations.find(Filters.and(Filters.eq("assigneeId", agentId), Filters.eq("status", ConversationStatus.OPEN.wireName())))
        .map(ConversationStore::toConversation).into(new ArrayList<>()).stream()
        .filter(conversation -> conversation.waitingSince() != null).toList();
  }

  /** Open conversations nobody has and nothing waits for: the unassigned pool, placed again when queues change. */
  public List<Conversation> pooled(int limit) {
    return conversations.find(Filters.and(Filters.eq("status", ConversationStatus.OPEN.wireName()), Filters.eq("assigneeId", null)))
        .limit(limit).map(ConversationStore::toConversation).into(new ArrayList<>()).stream()
        .filter(conversation -> conversation.routing().waitingIn() == null && conversation.botId() == null).toList();
  }

  /**
   * Open conversations nobody has, no bot handles, neither waiting nor pooled, created before the given
   * moment: arrivals whose placement was lost (the node that had them in hand stopped), placed by the sweep.
   */
  public List<Conversation> unplaced(Instant createdBefore, int limit) {
    return conversations.find(Filters.and(Filters.eq("status", ConversationStatus.OPEN.wireName()), Filters.eq("assigneeId", null),
            Filters.eq("botId", null), Filters.exists("routing.wait", false), Filters.ne("routing.pooled", true),
            Filters.lt("createdAt", Docs.date(createdBefore))))
        .limit(limit).map(ConversationStore::toConversation).into(new ArrayList<>()).stream()
        .filter(ConversationRouting::needsPlacement).toList();
  }

  private static Bson wait(String queueId, int rank, Instant since) {
    return Updates.set("routing.wait", new Document("q", queueId).append("r", rank).append("at", Docs.date(since)));
  }

  private static List<Bson> reason(Decision decision) {
    return List.of(Updates.set("routing.reason", decision.reason()),
        decision.ruleId() == null ? Updates.unset("routing.ruleId") : Updates.set("routing.ruleId", decision.ruleId()));
  }

  private Optional<Conversation> ifUnchanged(Conversation read, Instant now, Bson... updates) {
    List<Bson> all = new ArrayList<>(List.of(updates));
    all.add(Updates.set("updatedAt", Docs.date(now)));
    all.add(Updates.inc("version", 1L));
    Document after = conversations.findOneAndUpdate(Filters.and(Filters.eq("_id", read.id()), Filters.eq("version", read.version())),
        Updates.combine(all), RETURN_AFTER);
    return Optional.ofNullable(after).map(ConversationStore::toConversation);
  }
}
