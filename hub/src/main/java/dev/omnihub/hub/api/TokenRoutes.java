package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.hub.auth.ApiTokenStore;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.events.PublishingStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code /api/v1/tokens}: API tokens for integrations and bots (admin only). */
final class TokenRoutes {

  private final PublishingStore store;
  private final ApiTokenStore tokens;

  TokenRoutes(PublishingStore store, ApiTokenStore tokens) {
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
    store.write(() -> tokens.create(name, roles, createdBy))
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
        .put("createdBy", token.createdBy()).put("createdAt", token.createdAt().toString());
  }
}
