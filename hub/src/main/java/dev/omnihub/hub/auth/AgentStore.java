package dev.omnihub.hub.auth;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.errors.ConflictException;
import dev.omnihub.hub.errors.NotFoundException;
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
  public static final Map<String, Integer> DEFAULT_CAPACITY = Map.of("chat", 3, "email", 10, "sms", 5, "voice", 1);

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

  public void setPresence(String id, String presence) {
    agents.updateOne(Filters.eq("_id", id), Updates.set("presence", presence));
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
        !Boolean.FALSE.equals(doc.getBoolean("active")),
        Docs.instant(doc, "createdAt"));
  }
}
