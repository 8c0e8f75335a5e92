package dev.omnihub.hub.routing;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.errors.ConflictException;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Queues and their members. Blocking: call through {@link MongoStore}. */
public final class QueueStore {

  /** What a queue is made of, as an admin writes it; {@code null} fields of a change stay as they are. */
  public record Definition(String name, List<String> channels, List<String> skills, Queue.Strategy strategy, Integer priority,
      String slaPolicyId, Duration overflowAfter, String overflowQueueId) {
  }

  private final MongoCollection<Document> queues;
  private final MongoCollection<Document> conversations;

  public QueueStore(MongoStore store) {
    this.queues = store.collection(Collections.QUEUES);
    this.conversations = store.collection(Collections.CONVERSATIONS);
  }

  public Queue create(Definition definition, Instant at) {
    String id = Ids.newId();
    queues.insertOne(new Document("_id", id)
        .append("name", definition.name())
        .append("channels", definition.channels() == null ? List.of() : definition.channels())
        .append("skills", definition.skills() == null ? List.of() : definition.skills())
        .append("strategy", (definition.strategy() == null ? Queue.Strategy.LEAST_LOADED : definition.strategy()).wireName())
        .append("priority", definition.priority() == null ? 0 : definition.priority())
        .append("slaPolicyId", definition.slaPolicyId())
        .append("overflow", overflow(definition))
        .append("agentIds", List.of())
        .append("createdAt", Docs.date(at)));
    return require(id);
  }

  private static Document overflow(Definition definition) {
    return definition.overflowAfter() == null ? null
        : new Document("afterSeconds", definition.overflowAfter().toSeconds()).append("queueId", definition.overflowQueueId());
  }

  /** @throws NotFoundException when there is no such queue */
  public Queue change(String id, Definition change, boolean overflowGiven) {
    List<Bson> updates = new ArrayList<>();
    if (change.name() != null) {
      updates.add(Updates.set("name", change.name()));
    }
    if (change.channels() != null) {
      updates.add(Updates.set("channels", change.channels()));
    }
    if (change.skills() != null) {
      updates.add(Updates.set("skills", change.skills()));
    }
    if (change.strategy() != null) {
      updates.add(Updates.set("strategy", change.strategy().wireName()));
    }
    if (change.priority() != null) {
      updates.add(Updates.set("priority", change.priority()));
    }
    if (change.slaPolicyId() != null) {
      updates.add(Updates.set("slaPolicyId", change.slaPolicyId()));
    }
    if (overflowGiven) {
      updates.add(Updates.set("overflow", overflow(change)));
    }
    require(id);
    if (!updates.isEmpty()) {
      queues.updateOne(Filters.eq("_id", id), Updates.combine(updates));
    }
    return require(id);
  }

  /**
   * Deletes an empty queue.
   *
   * @throws ConflictException {@code queue_not_empty} while a conversation that is not resolved or
   *     closed is in it
   */
  public void delete(String id) {
    require(id);
    List<String> active = List.of(ConversationStatus.OPEN.wireName(), ConversationStatus.PENDING.wireName(),
        ConversationStatus.SNOOZED.wireName());
    if (conversations.find(Filters.and(Filters.eq("queueId", id), Filters.in("status", active))).first() != null) {
      throw new ConflictException("queue_not_empty", "queue " + id + " still holds conversations; move or resolve them first");
    }
    queues.deleteOne(Filters.eq("_id", id));
  }

  /** Sets the queue's members. */
  public Queue setMembers(String id, List<String> agentIds) {
    require(id);
    queues.updateOne(Filters.eq("_id", id), Updates.set("agentIds", List.copyOf(new java.util.LinkedHashSet<>(agentIds))));
    return require(id);
  }

  /** The member a round-robin queue gave its last conversation to (fairness only: a lost write costs a turn). */
  public void assignedTo(String queueId, String agentId) {
    queues.updateOne(Filters.eq("_id", queueId), Updates.set("lastAssignedTo", agentId));
  }

  public Optional<Queue> find(String id) {
    return Optional.ofNullable(queues.find(Filters.eq("_id", id)).first()).map(QueueStore::toQueue);
  }

  /** @throws NotFoundException when there is no such queue */
  public Queue require(String id) {
    return find(id).orElseThrow(() -> new NotFoundException("queue", id));
  }

  /** Every queue, highest priority first (the order placement tries them in), then by age. */
  public List<Queue> list() {
    return queues.find().sort(Sorts.orderBy(Sorts.descending("priority"), Sorts.ascending("createdAt", "_id")))
        .map(QueueStore::toQueue).into(new ArrayList<>());
  }

  /** The ids of the queues an agent is a member of. */
  public List<String> queuesOf(String agentId) {
    List<String> ids = new ArrayList<>();
    queues.find(Filters.eq("agentIds", agentId)).forEach(doc -> ids.add(doc.getString("_id")));
    return ids;
  }

  private static Queue toQueue(Document doc) {
    Document overflow = doc.get("overflow", Document.class);
    Number after = overflow == null ? null : overflow.get("afterSeconds", Number.class);
    return new Queue(doc.getString("_id"), doc.getString("name"), Docs.strings(doc, "channels"), Docs.strings(doc, "skills"),
        Queue.Strategy.parse(doc.getString("strategy")), doc.getInteger("priority", 0), doc.getString("slaPolicyId"),
        after == null ? null : Duration.ofSeconds(after.longValue()), overflow == null ? null : overflow.getString("queueId"),
        Docs.strings(doc, "agentIds"), doc.getString("lastAssignedTo"), Docs.instant(doc, "createdAt"));
  }
}
