package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.hub.auth.AgentStore;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.routing.Queue;
import dev.omnihub.hub.routing.QueueRouter;
import dev.omnihub.hub.routing.QueueStore;
import dev.omnihub.hub.store.Ids;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

/** {@code /api/v1/queues}: where conversations wait for agents, and who works them. */
final class QueueRoutes {

  private static final int MAX_ITEMS = 100;

  private final PublishingStore store;
  private final QueueStore queues;
  private final AgentStore agents;
  private final ChannelStore channels;
  private final QueueRouter router;
  private final Clock clock;

  QueueRoutes(PublishingStore store, QueueStore queues, AgentStore agents, ChannelStore channels, QueueRouter router,
      Clock clock) {
    this.store = store;
    this.queues = queues;
    this.agents = agents;
    this.channels = channels;
    this.router = router;
    this.clock = clock;
  }

  void mount(io.vertx.ext.web.Router web, Authentication auth) {
    web.post("/api/v1/queues").handler(auth.require(Role.ADMIN)).handler(this::create);
    web.get("/api/v1/queues").handler(auth.require(Role.AGENT)).handler(this::list);
    web.get("/api/v1/queues/:id").handler(auth.require(Role.AGENT)).handler(this::get);
    web.patch("/api/v1/queues/:id").handler(auth.require(Role.ADMIN)).handler(this::change);
    web.delete("/api/v1/queues/:id").handler(auth.require(Role.ADMIN)).handler(this::delete);
    web.put("/api/v1/queues/:id/agents").handler(auth.require(Role.SUPERVISOR)).handler(this::members);
  }

  private void create(RoutingContext ctx) {
    JsonInput body = Requests.body(ctx);
    String name = body.requiredString("name", 200).strip();
    if (name.isEmpty()) {
      throw InputRejectedException.invalid("name", "name must not be blank");
    }
    QueueStore.Definition definition = definition(body, name);
    store.write(() -> {
      check(definition, null);
      return queues.create(definition, clock.instant());
    }).onSuccess(queue -> {
      router.queuesChanged();
      Responses.created(ctx, view(queue));
    }).onFailure(ctx::fail);
  }

  private void change(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "queue");
    JsonInput body = Requests.body(ctx);
    String name = body.optionalString("name", 200);
    QueueStore.Definition change = definition(body, name == null || name.isBlank() ? null : name.strip());
    boolean overflowGiven = body.raw().containsKey("overflow");
    store.write(() -> {
      check(change, id);
      return queues.change(id, change, overflowGiven);
    }).onSuccess(queue -> {
      router.queuesChanged();
      Responses.ok(ctx, view(queue));
    }).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "queue");
    store.write(() -> {
      queues.delete(id);
      return null;
    }).onSuccess(ignored -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    store.read(queues::list).onSuccess(list -> Responses.items(ctx, list.stream().map(QueueRoutes::view).toList())).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "queue");
    store.read(() -> queues.require(id)).onSuccess(queue -> Responses.ok(ctx, view(queue))).onFailure(ctx::fail);
  }

  /** Sets the members; a new member with room takes waiting conversations at once. */
  private void members(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "queue");
    JsonInput body = Requests.body(ctx);
    List<String> agentIds = body.optionalStringList("agentIds", 1_000, 64);
    if (agentIds == null) {
      throw InputRejectedException.invalid("agentIds", "agentIds is required: the ids of the queue's members");
    }
    store.write(() -> {
      for (int i = 0; i < agentIds.size(); i++) {
        String agentId = agentIds.get(i);
        if (!Ids.looksLikeId(agentId) || agents.find(agentId).isEmpty()) {
          throw InputRejectedException.invalid("agentIds[" + i + "]", "no agent " + agentId);
        }
      }
      return queues.setMembers(id, agentIds);
    }).onSuccess(queue -> {
      router.agentsChanged();
      Responses.ok(ctx, view(queue));
    }).onFailure(ctx::fail);
  }

  private static QueueStore.Definition definition(JsonInput body, String name) {
    List<String> channelList = body.optionalStringList("channels", MAX_ITEMS, 64);
    List<String> skills = body.optionalStringList("skills", MAX_ITEMS, 64);
    String strategyName = body.optionalChoice("strategy", Queue.Strategy.wireNames());
    Integer priority = body.optionalInt("priority", -1_000, 1_000);
    String slaPolicyId = body.optionalString("slaPolicyId", 64);
    JsonInput overflow = body.optionalObject("overflow");
    Duration after = null;
    String overflowQueueId = null;
    if (overflow != null) {
      String raw = overflow.requiredString("after", 32);
      try {
        after = Duration.parse(raw);
      } catch (DateTimeParseException e) {
        throw InputRejectedException.invalid(overflow.pathOf("after"), "after is an ISO-8601 duration such as PT5M, not '" + raw + "'");
      }
      if (after.isNegative() || after.isZero()) {
        throw InputRejectedException.invalid(overflow.pathOf("after"), "after must be longer than zero");
      }
      overflowQueueId = overflow.requiredString("queueId", 64);
    }
    return new QueueStore.Definition(name, channelList, skills, strategyName == null ? null : Queue.Strategy.parse(strategyName), priority,
        slaPolicyId, after, overflowQueueId);
  }

  /** Channels name a channel type the hub has or an existing channel; the overflow queue exists and is another one. */
  private void check(QueueStore.Definition definition, String queueId) {
    List<String> types = ChannelType.declared().stream().map(ChannelType::wireName).toList();
    List<String> named = definition.channels() == null ? List.of() : definition.channels();
    for (int i = 0; i < named.size(); i++) {
      String channel = named.get(i);
      if (!types.contains(channel) && (!Ids.looksLikeId(channel) || channels.find(channel).isEmpty())) {
        throw InputRejectedException.invalid("channels[" + i + "]", "'" + channel + "' is neither a channel type " + types
            + " nor the id of a channel");
      }
    }
    String overflow = definition.overflowQueueId();
    if (overflow != null && (overflow.equals(queueId) || !Ids.looksLikeId(overflow) || queues.find(overflow).isEmpty())) {
      throw InputRejectedException.invalid("overflow.queueId", "no other queue " + overflow);
    }
  }

  static JsonObject view(Queue queue) {
    JsonObject overflow = queue.overflowAfter() == null ? null
        : new JsonObject().put("after", queue.overflowAfter().toString()).put("queueId", queue.overflowQueueId());
    return new JsonObject()
        .put("id", queue.id())
        .put("name", queue.name())
        .put("channels", new JsonArray(queue.channels()))
        .put("skills", new JsonArray(queue.skills()))
        .put("strategy", queue.strategy().wireName())
        .put("priority", queue.priority())
        .put("slaPolicyId", queue.slaPolicyId())
        .put("overflow", overflow)
        .put("agentIds", new JsonArray(queue.agentIds()))
        .put("createdAt", queue.createdAt() == null ? null : queue.createdAt().toString());
  }
}
