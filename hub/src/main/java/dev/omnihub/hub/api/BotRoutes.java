package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.adapters.webhook.OutboundAddresses;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.bots.Bot;
import dev.omnihub.hub.bots.BotService;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.views.Views;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * {@code /api/v1/bots} (admin): bots that answer first on their channels; and
 * {@code POST /api/v1/conversations/{id}/handoff}: a bot (or an agent) hands a conversation to humans.
 */
final class BotRoutes {

  private static final int DEFAULT_TIMEOUT_SECONDS = 60;

  private final PublishingStore store;
  private final BotService bots;
  private final ChannelStore channels;
  private final OutboundAddresses outbound;

  BotRoutes(PublishingStore store, BotService bots, ChannelStore channels, OutboundAddresses outbound) {
    this.outbound = outbound;
    this.store = store;
    this.bots = bots;
    this.channels = channels;
  }

  void mount(Router router, Authentication auth, ScopeGate scope) {
    router.post("/api/v1/bots").handler(auth.require(Role.ADMIN)).handler(this::create);
    router.get("/api/v1/bots").handler(auth.require(Role.ADMIN)).handler(this::list);
    router.post("/api/v1/conversations/:id/handoff").handler(auth.require(Role.AGENT)).handler(scope.conversation()).handler(this::handOff);
  }

  private void create(RoutingContext ctx) {
    JsonInput body = Requests.body(ctx);
    String name = body.requiredString("name", 200).strip();
    String webhookUrl = webhookUrl(body.requiredString("webhookUrl", 2048).strip());
    List<String> channelIds = body.optionalStringList("channels", 100, 64);
    if (channelIds == null || channelIds.isEmpty()) {
      throw InputRejectedException.invalid("channels", "channels lists the ids of the channels the bot answers first on");
    }
    Integer timeout = body.optionalInt("timeoutSeconds", 5, 24 * 3600);
    var actor = Requests.principal(ctx).actor();
    outbound.vet(webhookUrl).recover(refused -> io.vertx.core.Future.failedFuture(InputRejectedException.invalid("webhookUrl",
        refused.getMessage()))).compose(vetted -> store.write(() -> {
      for (String channelId : channelIds) {
        channels.find(channelId).orElseThrow(() -> new NotFoundException("channel", channelId));
      }
      return bots.create(name, webhookUrl, channelIds, Duration.ofSeconds(timeout == null ? DEFAULT_TIMEOUT_SECONDS : timeout), actor);
    })).onSuccess(created -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
        .end(view(created.bot()).put("secret", created.bot().secret()).put("apiToken", created.apiToken()).encode()))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    store.read(bots::list).onSuccess(list -> {
      JsonArray items = new JsonArray();
      list.forEach(bot -> items.add(view(bot)));
      ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("items", items).encode());
    }).onFailure(ctx::fail);
  }

  private void handOff(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "conversation");
    JsonInput body = ctx.body().length() == 0 ? JsonInput.of(new JsonObject()) : Requests.body(ctx);
    String reason = body.optionalString("reason", 500);
    store.writeAndPublish(() -> {
      Outcome<dev.omnihub.hub.conversation.Conversation> handed = bots.handOff(id, reason);
      return handed;
    }).onSuccess(conversation -> Responses.ok(ctx, Views.conversation(conversation))).onFailure(ctx::fail);
  }

  private static JsonObject view(Bot bot) {
    return new JsonObject().put("id", bot.id()).put("name", bot.name()).put("webhookUrl", bot.webhookUrl())
        .put("channels", new JsonArray(bot.channelIds())).put("timeoutSeconds", bot.timeout().toSeconds())
        .put("createdAt", bot.createdAt().toString());
  }

  private static String webhookUrl(String value) {
    try {
      URI uri = new URI(value);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return value;
      }
    } catch (Exception ignored) {
      // refused below
    }
    throw InputRejectedException.invalid("webhookUrl", "webhookUrl must be an absolute http or https URL");
  }
}
