package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.hub.auth.ApiTokenStore;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.store.Ids;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code /api/v1/tokens}: API tokens for integrations and bots (admin only). */
final class TokenRoutes {

  private final PublishingStore store;
  private final ApiTokenStore tokens;
  private final ChannelStore channels;

  TokenRoutes(PublishingStore store, ApiTokenStore tokens, ChannelStore channels) {
    this.channels = channels;
    this.store = store;
    this.tokens = tokens;
  }

  void mount(Router router, Authentication auth) {
    router.post("/api/v1/tokens").handler(auth.require(Role.ADMIN)).handler(this::create);
    router.get("/api/v1/tokens").handler(auth.require(Role.ADMIN)).handler(this::list);
    router.delete("/api/v1/tokens/:id").handler(auth.require(Role.ADMIN)).handler(this::revoke);
  }

  private void create(RoutingContext ctx) {
    JsonInput body = Requests.body(ctx);
    String name = body.requiredString("name", 200).strip();
    List<String> roleNames = body.optionalStringList("roles", 3, 32);
    List<Role> roles = roleNames == null || roleNames.isEmpty() ? List.of(Role.AGENT) : Role.parseAll(roleNames, "roles");
    String createdBy = Requests.principal(ctx).id();
    java.time.Instant expiresAt = body.optionalInstant("expiresAt");
    if (expiresAt != null && !expiresAt.isAfter(java.time.Instant.now())) {
      throw InputRejectedException.invalid("expiresAt", "expiresAt must be in the future");
    }
    List<String> scope = body.optionalStringList("channels", 100, 64);
    if (scope != null && scope.isEmpty()) {
      throw InputRejectedException.invalid("channels", "channels lists the channel ids the token is limited to; leave it out for all");
    }
    if (scope != null && roles.contains(Role.ADMIN)) {
      throw InputRejectedException.invalid("channels", "an admin token manages the whole hub and cannot be limited to channels");
    }
    store.write(() -> {
      if (scope != null) {
        for (String channelId : scope) {
          if (!Ids.looksLikeId(channelId) || channels.find(channelId).isEmpty()) {
            throw InputRejectedException.invalid("channels", "there is no channel " + channelId);
          }
        }
      }
      return tokens.create(name, roles, createdBy, expiresAt, scope);
    })
        .onSuccess(issued -> Responses.created(ctx, view(issued.token()).put("token", issued.secret())))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    store.read(tokens::list)
        .onSuccess(list -> Responses.items(ctx, list.stream().map(TokenRoutes::view).toList()))
        .onFailure(ctx::fail);
  }

  private void revoke(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "token");
    store.write(() -> {
      tokens.revoke(id);
      return null;
    }).onSuccess(ignored -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  private static JsonObject view(ApiTokenStore.ApiToken token) {
    return new JsonObject().put("id", token.id()).put("name", token.name())
        .put("roles", new JsonArray(token.roles().stream().map(Role::wireName).toList()))
        .put("createdBy", token.createdBy()).put("createdAt", token.createdAt().toString())
        .put("expiresAt", token.expiresAt() == null ? null : token.expiresAt().toString())
        .put("channels", token.channels() == null ? null : new JsonArray(token.channels()));
  }
}
