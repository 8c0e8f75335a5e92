package dev.omnihub.hub.routing;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The capacity ledger, the truth of what each agent holds: one document per agent ({@code agent_loads})
 * with a count per channel type and the holds behind it, one per conversation. A hold is taken before a
 * conversation is assigned and given back after it stops being the agent's work, each in one
 * single-document update that changes the count and the holds together, so the count is always the
 * number of holds, and a hold taken under capacity is taken only while the count is below it: two
 * routers (threads or nodes) cannot both take the last place.
 *
 * <p>A conversation's assignment is backed by the hold whose token it carries ({@code routing.hold}).
 * A hold that no conversation carries (its assignment lost a race, a crash came between the two writes,
 * the conversation was resolved) only costs capacity until {@link HoldReconciler} gives it back: the
 * ledger may count too much for a moment, never too little. Blocking: call through {@link MongoStore}.
 */
public final class AgentLoads {

  /**
   * One conversation counted against an agent's capacity.
   *
   * @param token   carried by the conversation whose assignment this hold backs
   * @param version the conversation's version when it was taken: a conversation written since that does
   *                not carry the token never will
   * @param manual  taken without a limit (a person's choice), which may take the agent above capacity
   */
  public record Hold(String agentId, String conversationId, String type, String token, long version, Instant at, boolean manual) {
  }

  /** What an agent holds: a count per channel type, and the holds. */
  public record Load(String agentId, Map<String, Integer> counts, List<Hold> holds, Instant lastAssignedAt) {

    public static Load empty(String agentId) {
      return new Load(agentId, Map.of(), List.of(), null);
    }

    public int count(String type) {
      return counts.getOrDefault(type, 0);
    }

    public int total() {
      return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** The result of asking for a hold. */
  public sealed interface Reservation {
  }

  /** A hold taken now, with its token. */
  public record Reserved(String token) implements Reservation {
  }

  /** The agent held the conversation already (another attempt took it): its token, to carry or to leave. */
  public record AlreadyHeld(String token) implements Reservation {
  }

  /** The agent has no room left for the conversation's channel type. */
  public record Full() implements Reservation {
  }

  /** Without a limit: a person's assignment, which may go above capacity. */
  public static final int NO_LIMIT = -1;

  private final MongoCollection<Document> loads;

  public AgentLoads(MongoStore store) {
    this.loads = store.collection(Collections.AGENT_LOADS);
  }

  /**
   * Takes a hold of {@code conversationId} for the agent, if the agent holds fewer than {@code capacity}
   * conversations of {@code type} ({@link #NO_LIMIT}: whatever they hold).
   */
  public Reservation reserve(String agentId, String conversationId, String type, long version, int capacity, Instant at) {
    String token = Ids.newId();
    List<Bson> clauses = new ArrayList<>(List.of(Filters.eq("_id", agentId), Filters.ne("holds.c", conversationId)));
    if (capacity != NO_LIMIT) {
      clauses.add(Filters.or(Filters.exists(countField(type), false), Filters.lt(countField(type), capacity)));
    }
    Document hold = new Document("c", conversationId).append("t", type).append("k", token).append("v", version).append("at", Docs.date(at))
        .append("m", capacity == NO_LIMIT);
    Bson update = Updates.combine(Updates.inc(countField(type), 1), Updates.push("holds", hold), Updates.set("lastAssignedAt", Docs.date(at)));
    try {
      // Upserted for an agent who never held anything: the filter's only equality is the _id.
      var result = loads.updateOne(Filters.and(clauses), update, new UpdateOptions().upsert(true));
      if (result.getModifiedCount() == 1 || result.getUpsertedId() != null) {
        return new Reserved(token);
      }
    } catch (RuntimeException e) {
      if (!DuplicateKeys.isDuplicateKey(e)) {
        throw e;
      }
      // The agent's document exists and did not match: full, or the conversation is held already.
    }
    return holdOf(agentId, conversationId).<Reservation>map(held -> new AlreadyHeld(held.token())).orElseGet(Full::new);
  }

  /**
   * Gives back the agent's hold of the conversation if it is the one with this token ({@code null}:
   * whichever it is). Idempotent.
   *
   * @return whether a hold was given back now
   */
  public boolean release(String agentId, String conversationId, String token) {
    return holdOf(agentId, conversationId).filter(hold -> token == null || hold.token().equals(token)).map(this::release).orElse(false);
  }

  /**
   * Gives back this hold, read a moment ago, if the agent still holds it. Idempotent.
   *
   * @return whether it was given back now
   */
  public boolean release(Hold hold) {
    Bson matching = Filters.elemMatch("holds", Filters.and(Filters.eq("c", hold.conversationId()), Filters.eq("k", hold.token())));
    return loads.updateOne(Filters.and(Filters.eq("_id", hold.agentId()), matching), Updates.combine(
        Updates.inc(countField(hold.type()), -1),
        Updates.pull("holds", new Document("c", hold.conversationId()).append("k", hold.token())))).getModifiedCount() == 1;
  }

  /** The agent's hold of the conversation, if any. */
  public Optional<Hold> holdOf(String agentId, String conversationId) {
    Document doc = loads.find(Filters.eq("_id", agentId)).first();
    return doc == null ? Optional.empty() : toLoad(doc).holds().stream().filter(hold -> hold.conversationId().equals(conversationId)).findFirst();
  }

  /** Every hold of the conversation, whoever holds it (normally at most one). */
  public List<Hold> holdsOf(String conversationId) {
    List<Hold> found = new ArrayList<>();
    loads.find(Filters.eq("holds.c", conversationId)).forEach(doc -> toLoad(doc).holds().stream()
        .filter(hold -> hold.conversationId().equals(conversationId)).forEach(found::add));
    return found;
  }

  /** The loads of these agents; an agent who never held anything has an empty one. */
  public Map<String, Load> of(Collection<String> agentIds) {
    Map<String, Load> found = new LinkedHashMap<>();
    agentIds.forEach(id -> found.put(id, Load.empty(id)));
    loads.find(Filters.in("_id", agentIds)).forEach(doc -> found.put(doc.getString("_id"), toLoad(doc)));
    return found;
  }

  /** Every agent's load (the reconciler's sweep, supervisors' view). */
  public List<Load> all() {
    return loads.find().map(AgentLoads::toLoad).into(new ArrayList<>());
  }

  private static String countField(String type) {
    return "load." + type;
  }

  private static Load toLoad(Document doc) {
    String agentId = doc.getString("_id");
    Map<String, Integer> counts = new LinkedHashMap<>();
    Docs.subDocument(doc, "load").forEach((type, count) -> counts.put(type, count instanceof Number n ? n.intValue() : 0));
    List<Hold> holds = new ArrayList<>();
    for (Document hold : doc.getList("holds", Document.class, List.of())) {
      holds.add(new Hold(agentId, hold.getString("c"), hold.getString("t"), hold.getString("k"), Docs.longValue(hold, "v"),
          Docs.instant(hold, "at"), Boolean.TRUE.equals(hold.getBoolean("m"))));
    }
    return new Load(agentId, counts, holds, Docs.instant(doc, "lastAssignedAt"));
  }
}
