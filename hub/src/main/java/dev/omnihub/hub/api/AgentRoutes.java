package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.IdentityKind;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.hub.auth.Agent;
import dev.omnihub.hub.auth.AgentStore;
import dev.omnihub.hub.auth.PasswordHasher;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.customer.IdentityNormalizer;
import dev.omnihub.hub.errors.ForbiddenException;
import dev.omnihub.hub.events.PublishingStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/agents}: the people who answer customers. */
final class AgentRoutes {

  private static final List<String> CAPACITY_KEYS = List.of("chat", "email", "sms", "voice");
  private static final List<String> PRESENCE = List.of("online", "away", "offline");
  private static final int MIN_PASSWORD = 8;

  private final PublishingStore store;
  private final AgentStore agents;
  private final PasswordHasher hasher;
  private final IdentityNormalizer normalizer;

  AgentRoutes(PublishingStore store, AgentStore agents, PasswordHasher hasher, IdentityNormalizer normalizer) {
    this.store = store;
    this.agents = agents;
    this.hasher = hasher;
    this.normalizer = normalizer;
  }

  void mount(Router router, Authentication auth) {
    router.get("/api/v1/agents").handler(auth.require(Role.AGENT)).handler(this::list);
    router.post("/api/v1/agents").handler(auth.require(Role.ADMIN)).handler(this::create);
    router.get("/api/v1/agents/:id").handler(auth.require(Role.AGENT)).handler(this::get);
    router.put("/api/v1/agents/:id/presence").handler(auth.require(Role.AGENT)).handler(this::presence);
  }

  private void list(RoutingContext ctx) {
    store.read(agents::list)
        .onSuccess(list -> Responses.items(ctx, list.stream().map(AgentRoutes::view).toList()))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "agent");
    store.read(() -> agents.require(id)).onSuccess(agent -> Responses.ok(ctx, view(agent))).onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    JsonInput body = Requests.body(ctx);
    String name = body.requiredString("name", 200).strip();
    String email = normalizer.normalize(IdentityKind.EMAIL, body.requiredString("email", 320)).value();
    String password = body.requiredString("password", 256);
    if (password.length() < MIN_PASSWORD) {
      throw InputRejectedException.invalid("password", "password must have at least " + MIN_PASSWORD + " characters");
    }
    List<String> roleNames = body.optionalStringList("roles", 3, 32);
    List<Role> roles = roleNames == null || roleNames.isEmpty() ? List.of(Role.AGENT) : Role.parseAll(roleNames, "roles");
    List<String> skills = body.optionalStringList("skills", 50, 64);
    Map<String, Integer> capacity = capacity(body.optionalObject("capacity"));
    // Hashing is slow on purpose, so it runs with the store work, off the event loop.
    store.write(() -> agents.create(name, email, hasher.hash(password), roles, skills == null ? List.of() : skills, capacity))
        .onSuccess(agent -> Responses.created(ctx, view(agent)))
        .onFailure(ctx::fail);
  }

  private void presence(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "agent");
    Principal caller = Requests.principal(ctx);
    if (!(Principal.AGENT.equals(caller.kind()) && caller.id().equals(id)) && !caller.has(Role.SUPERVISOR)) {
      throw new ForbiddenException("agents set their own presence; supervisors set anyone's");
    }
    String status = Requests.body(ctx).optionalChoice("status", PRESENCE);
    if (status == null) {
      throw InputRejectedException.invalid("status", "status is required: one of " + PRESENCE);
    }
    store.write(() -> {
      agents.require(id);
      agents.setPresence(id, status);
      return agents.require(id);
    }).onSuccess(agent -> Responses.ok(ctx, view(agent))).onFailure(ctx::fail);
  }

  private static Map<String, Integer> capacity(JsonInput capacity) {
    Map<String, Integer> values = new LinkedHashMap<>();
    if (capacity == null) {
      return values;
    }
    for (String key : capacity.raw().fieldNames()) {
      if (!CAPACITY_KEYS.contains(key)) {
        throw InputRejectedException.invalid(capacity.pathOf(key), "capacity keys are " + CAPACITY_KEYS + ", not '" + key + "'");
      }
      values.put(key, capacity.optionalInt(key, 0, 1000));
    }
    return values;
  }

  static JsonObject view(Agent agent) {
    return new JsonObject()
        .put("id", agent.id())
        .put("name", agent.name())
        .put("email", agent.email())
        .put("roles", new JsonArray(agent.roles().stream().map(Role::wireName).toList()))
        .put("skills", new JsonArray(agent.skills()))
        .put("capacity", new JsonObject(new LinkedHashMap<>(agent.capacity())))
        .put("presence", agent.presence())
        .put("active", agent.active())
        .put("createdAt", agent.createdAt() == null ? null : agent.createdAt().toString());
  }
}
