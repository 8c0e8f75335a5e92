package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.ForbiddenException;
import dev.omnihub.adapters.spi.IdentityKind;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.hub.auth.Agent;
import dev.omnihub.hub.auth.AgentStore;
import dev.omnihub.hub.auth.PasswordHasher;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.customer.IdentityNormalizer;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.realtime.AgentPresenceTracker;
import dev.omnihub.hub.routing.Queue;
import dev.omnihub.hub.routing.QueueRouter;
import dev.omnihub.hub.routing.QueueStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/agents}: the people who answer customers. */
final class AgentRoutes {

  /** Capacity is per channel type: the types the hub's adapters declare. */
  private static List<String> capacityKeys() {
    return ChannelType.declared().stream().map(ChannelType::wireName).toList();
  }
  private static final List<String> PRESENCE = List.of("online", "away", "offline");
  private static final int MIN_PASSWORD = 8;

  private final PublishingStore store;
  private final AgentStore agents;
  private final PasswordHasher hasher;
  private final IdentityNormalizer normalizer;

  private final AgentPresenceTracker presence;
  private final QueueStore queues;

  private final QueueRouter router;

  AgentRoutes(PublishingStore store, AgentStore agents, PasswordHasher hasher, IdentityNormalizer normalizer, AgentPresenceTracker presence,
      QueueStore queues, QueueRouter router) {
    this.router = router;
    this.presence = presence;
    this.queues = queues;
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
    router.patch("/api/v1/agents/:id").handler(auth.require(Role.AGENT)).handler(this::change);
  }

  /**
   * An admin changes any field; an agent only their own name and password. A deactivation, a role
   * change or a new password revokes the agent's tokens at once (their next request is 401).
   */
  private void change(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "agent");
    Principal caller = Requests.principal(ctx);
    JsonInput body = Requests.body(ctx);
    boolean admin = caller.has(Role.ADMIN);
    boolean self = Principal.AGENT.equals(caller.kind()) && caller.id().equals(id);
    if (!admin) {
      for (String field : List.of("roles", "skills", "capacity", "active")) {
        if (body.raw().containsKey(field)) {
          throw new ForbiddenException("only an admin may change an agent's " + field);
        }
      }
      if (!self) {
        throw new ForbiddenException("an agent may change only their own name and password");
      }
    }
    String name = body.optionalString("name", 200);
    List<String> roleNames = body.optionalStringList("roles", 3, 32);
    List<Role> roles = roleNames == null ? null : roleNames.isEmpty() ? List.of(Role.AGENT) : Role.parseAll(roleNames, "roles");
    List<String> skills = body.optionalStringList("skills", 50, 64);
    Map<String, Integer> capacity = body.raw().containsKey("capacity") ? capacity(body.optionalObject("capacity")) : null;
    Boolean active = body.optionalBoolean("active");
    String password = body.optionalString("password", 256);
    if (password != null && password.length() < MIN_PASSWORD) {
      throw InputRejectedException.invalid("password", "password must have at least " + MIN_PASSWORD + " characters");
    }
    if (self && Boolean.FALSE.equals(active)) {
      throw new dev.omnihub.hub.errors.ConflictException("cannot_deactivate_self", "an admin cannot deactivate their own account");
    }
    AgentStore.Change change = new AgentStore.Change(name == null || name.isBlank() ? null : name.strip(), roles, skills, capacity, active,
        password == null ? null : hasher.hash(password));
    store.write(() -> agents.change(id, change)).onSuccess(agent -> {
      // Raised capacity or new skills may let the agent take waiting conversations at once.
      router.agentsChanged();
      Responses.ok(ctx, view(agent));
    }).onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    store.read(() -> {
      List<Queue> all = queues.list();
      return agents.list().stream().map(agent -> withQueues(agent, all)).toList();
    }).onSuccess(list -> Responses.items(ctx, list)).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "agent");
    store.read(() -> withQueues(agents.require(id), queues.list())).onSuccess(view -> Responses.ok(ctx, view)).onFailure(ctx::fail);
  }

  /** The agent's view with the ids of the queues they are a member of. */
  private static JsonObject withQueues(Agent agent, List<Queue> all) {
    return view(agent).put("queues", new JsonArray(all.stream().filter(queue -> queue.agentIds().contains(agent.id())).map(Queue::id).toList()));
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
    // What they chose shows only while a socket of theirs is open: with none they stay offline.
    presence.choose(id, status).onSuccess(agent -> Responses.ok(ctx, view(agent)))
        .onFailure(ctx::fail);
  }

  private static Map<String, Integer> capacity(JsonInput capacity) {
    Map<String, Integer> values = new LinkedHashMap<>();
    if (capacity == null) {
      return values;
    }
    for (String key : capacity.raw().fieldNames()) {
      if (!capacityKeys().contains(key)) {
        throw InputRejectedException.invalid(capacity.pathOf(key), "capacity keys are " + capacityKeys() + ", not '" + key + "'");
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
        .put("presenceChosen", agent.presenceChosen())
        .put("active", agent.active())
        .put("createdAt", agent.createdAt() == null ? null : agent.createdAt().toString());
  }
}
