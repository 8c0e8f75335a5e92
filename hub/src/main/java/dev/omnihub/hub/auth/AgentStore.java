package dev.omnihub.hub.auth;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.errors.ConflictException;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/** Agents and their password hashes. Blocking: call through {@link MongoStore}. */
public final class AgentStore {

  /** Conversations an agent takes at once per channel type, unless set. */
  public static final Map<String, Integer> DEFAULT_CAPACITY = Map.of("chat", 3, "email", 10, "sms", 5, "voice", 1, "api", 5);

  /** An agent with the hash to check a login against. */
  public record Credentials(Agent agent, String passwordHash) {
  }

  private final MongoCollection<Document> agents;
  private final Clock clock;

  public AgentStore(MongoStore store, Clock clock) {
    this.agents = store.collection(Collections.AGENTS);
    this.clock = clock;
  }

  /** @throws ConflictException when the email is taken */
  public Agent create(String name, String email, String passwordHash, List<Role> roles, List<String> skills, Map<String, Integer> capacity) {
    String id = Ids.newId();
    Map<String, Integer> effective = new LinkedHashMap<>(DEFAULT_CAPACITY);
    effective.putAll(capacity);
    try {
      agents.insertOne(new Document("_id", id)
          .append("name", name)
          .append("email", normalizeEmail(email))
          .append("passwordHash", passwordHash)
          .append("roles", roles.stream().map(Role::wireName).toList())
          .append("skills", skills)
          .append("capacity", new Document(new LinkedHashMap<>(effective)))
          .append("presence", "offline")
          .append("active", true)
          .append("createdAt", Docs.date(clock.instant())));
    } catch (RuntimeException e) {
      if (DuplicateKeys.isDuplicateKey(e)) {
        throw new ConflictException("email_taken", "an agent with email " + normalizeEmail(email) + " already exists");
      }
      throw e;
    }
    return require(id);
  }

  public Optional<Credentials> findByEmail(String email) {
    Document doc = agents.find(Filters.eq("email", normalizeEmail(email))).first();
    return Optional.ofNullable(doc).map(d -> new Credentials(toAgent(d), d.getString("passwordHash")));
  }

  public Optional<Agent> find(String id) {
    return Optional.ofNullable(agents.find(Filters.eq("_id", id)).first()).map(AgentStore::toAgent);
  }

  /** @throws NotFoundException when there is no such agent */
  public Agent require(String id) {
    return find(id).orElseThrow(() -> new NotFoundException("agent", id));
  }

  public List<Agent> list() {
    return agents.find().sort(Sorts.ascending("name")).map(AgentStore::toAgent).into(new ArrayList<>());
  }

  public long count() {
    return agents.countDocuments();
  }

  /** The agent's presence is now this (from their sockets and what they chose), since {@code at}. */
  public void setPresence(String id, String presence, java.time.Instant at) {
    agents.updateOne(Filters.and(Filters.eq("_id", id), Filters.ne("presence", presence)),
        Updates.combine(Updates.set("presence", presence), Updates.set("presenceSince", Docs.date(at))));
  }

  /** What the agent says they are ({@code online}, {@code away}, {@code offline}); their sockets decide whether it shows. */
  public void choosePresence(String id, String chosen) {
    agents.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("presenceChosen", chosen), Updates.inc(PRESENCE_VERSION, 1)));
  }

  private static final String PRESENCE_NODES = "presenceNodes";
  private static final String PRESENCE_VERSION = "presenceVersion";

  /**
   * What decides an agent's presence on every node: the nodes holding a socket of theirs, what they
   * chose, what shows now, and the version of that state (every change of the first two raises it).
   */
  public record PresenceState(String id, List<String> nodes, String chosen, String presence, long version) {

    /** What should show: what they chose while any node holds a socket of theirs, else offline. */
    public String deserved() {
      return nodes.isEmpty() ? "offline" : chosen;
    }
  }

  /** Records whether {@code node} holds a socket of the agent (blocking); empty when there is no such agent. */
  public Optional<PresenceState> markSockets(String id, String node, boolean holds) {
    Document after = agents.findOneAndUpdate(Filters.eq("_id", id),
        Updates.combine(holds ? Updates.addToSet(PRESENCE_NODES, node) : Updates.pull(PRESENCE_NODES, node), Updates.inc(PRESENCE_VERSION, 1)),
        new com.mongodb.client.model.FindOneAndUpdateOptions().returnDocument(com.mongodb.client.model.ReturnDocument.AFTER)
            .projection(PRESENCE_FIELDS));
    return Optional.ofNullable(after).map(AgentStore::presenceState);
  }

  /** The agent's presence state as stored (blocking). */
  public Optional<PresenceState> presenceState(String id) {
    return Optional.ofNullable(agents.find(Filters.eq("_id", id)).projection(PRESENCE_FIELDS).first()).map(AgentStore::presenceState);
  }

  /** Shows {@code presence} unless the state changed since {@code version} was read (blocking); whether it was written. */
  public boolean setPresenceIf(String id, long version, String presence, java.time.Instant at) {
    return agents.updateOne(Filters.and(Filters.eq("_id", id), version == 0 ? Filters.exists(PRESENCE_VERSION, false)
            : Filters.eq(PRESENCE_VERSION, version)),
        Updates.combine(Updates.set("presence", presence), Updates.set("presenceSince", Docs.date(at)))).getMatchedCount() == 1;
  }

  /** The agents a node held sockets of, by the store (blocking). */
  public List<String> heldBy(String node) {
    return agents.find(Filters.eq(PRESENCE_NODES, node)).projection(new Document("_id", 1)).map(doc -> doc.getString("_id"))
        .into(new ArrayList<>());
  }

  private static final Document PRESENCE_FIELDS = new Document(PRESENCE_NODES, 1).append(PRESENCE_VERSION, 1).append("presence", 1)
      .append("presenceChosen", 1);

  private static PresenceState presenceState(Document doc) {
    List<String> nodes = doc.getList(PRESENCE_NODES, String.class, List.of());
    Number version = doc.get(PRESENCE_VERSION, Number.class);
    return new PresenceState(doc.getString("_id"), List.copyOf(nodes), doc.get("presenceChosen") instanceof String chosen ? chosen : "online",
        doc.getString("presence"), version == null ? 0 : version.longValue());
  }

  /** What an admin (or the agent, for name and password) changes; {@code null} leaves a field as it is. */
  public record Change(String name, List<Role> roles, List<String> skills, Map<String, Integer> capacity, Boolean active, String passwordHash) {

    /** A deactivation, a role change or a new password ends every session of the agent. */
    boolean revokesTokens(Agent before) {
      return (active != null && !active && before.active()) || (roles != null && !roles.equals(before.roles())) || passwordHash != null;
    }
  }

  /** @throws NotFoundException when there is no such agent */
  public Agent change(String id, Change change) {
    Agent before = require(id);
    List<org.bson.conversions.Bson> updates = new ArrayList<>();
    if (change.name() != null) {
      updates.add(Updates.set("name", change.name()));
    }
    if (change.roles() != null) {
      updates.add(Updates.set("roles", change.roles().stream().map(Role::wireName).toList()));
    }
    if (change.skills() != null) {
      updates.add(Updates.set("skills", change.skills()));
    }
    if (change.capacity() != null) {
      Map<String, Integer> effective = new LinkedHashMap<>(before.capacity());
      effective.putAll(change.capacity());
      updates.add(Updates.set("capacity", new Document(new LinkedHashMap<>(effective))));
    }
    if (change.active() != null) {
      updates.add(Updates.set("active", change.active()));
    }
    if (change.passwordHash() != null) {
      updates.add(Updates.set("passwordHash", change.passwordHash()));
    }
    if (change.revokesTokens(before)) {
      updates.add(Updates.inc("tokenVersion", 1L));
    }
    if (!updates.isEmpty()) {
      agents.updateOne(Filters.eq("_id", id), Updates.combine(updates));
    }
    return require(id);
  }

  /**
   * Logs one token out before it expires ({@code tokenId} is its {@code jti}); ids of tokens that
   * have expired anyway are dropped on the way.
   */
  public void revokeToken(String agentId, String tokenId, java.time.Instant expiresAt) {
    Agent agent = require(agentId);
    List<org.bson.conversions.Bson> updates = new ArrayList<>();
    updates.add(Updates.set("revokedTokens." + tokenId, Docs.date(expiresAt)));
    Document raw = agents.find(Filters.eq("_id", agentId)).projection(new Document("revokedTokens", 1)).first();
    Document revoked = raw == null ? new Document() : Docs.subDocument(raw, "revokedTokens");
    java.time.Instant now = clock.instant();
    revoked.forEach((id, until) -> {
      if (until instanceof java.util.Date date && date.toInstant().isBefore(now)) {
        updates.add(Updates.unset("revokedTokens." + id));
      }
    });
    agents.updateOne(Filters.eq("_id", agent.id()), Updates.combine(updates));
  }

  static String normalizeEmail(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  private static Agent toAgent(Document doc) {
    Map<String, Integer> capacity = new LinkedHashMap<>();
    Docs.subDocument(doc, "capacity").forEach((key, value) -> capacity.put(key, value instanceof Number n ? n.intValue() : 0));
    return new Agent(
        doc.getString("_id"),
        doc.getString("name"),
        doc.getString("email"),
        Docs.strings(doc, "roles").stream().map(name -> Role.parse(name, "roles")).toList(),
        Docs.strings(doc, "skills"),
        capacity,
        doc.getString("presence"),
        doc.get("presenceChosen") instanceof String chosen ? chosen : "online",
        Docs.instant(doc, "presenceSince"),
        !Boolean.FALSE.equals(doc.getBoolean("active")),
        Docs.instant(doc, "createdAt"),
        Docs.longValue(doc, "tokenVersion"),
        Docs.subDocument(doc, "revokedTokens").keySet().stream().toList());
  }
}
