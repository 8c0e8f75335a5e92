package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.hub.auth.AgentStore;
import dev.omnihub.hub.auth.AuthService;
import dev.omnihub.hub.auth.LoginThrottle;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.events.PublishingStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/v1/auth}: logging in and asking who you are. */
final class AuthRoutes {

  private final PublishingStore store;
  private final AuthService auth;
  private final AgentStore agents;
  private final LoginThrottle throttle;

  AuthRoutes(PublishingStore store, AuthService auth, AgentStore agents, LoginThrottle throttle) {
    this.store = store;
    this.auth = auth;
    this.agents = agents;
    this.throttle = throttle;
  }

  void mount(Router router, Authentication authentication) {
    router.post("/api/v1/auth/login").handler(this::login);
    router.get("/api/v1/auth/me").handler(authentication.require(Role.AGENT)).handler(this::me);
  }

  private void login(RoutingContext ctx) {
    JsonInput body = Requests.body(ctx);
    String email = body.requiredString("email", 320);
    String password = body.requiredString("password", 256);
    String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    throttle.check(email, address);
    store.read(() -> auth.login(email, password))
        .onSuccess(login -> {
          if (login == null) {
            throttle.failed(email, address);
            ctx.fail(InputRejectedException.unauthenticated("invalid_credentials", "email or password is wrong"));
            return;
          }
          throttle.succeeded(email);
          Responses.ok(ctx, new JsonObject().put("token", login.token()).put("agent", AgentRoutes.view(login.agent())));
        })
        .onFailure(ctx::fail);
  }

  private void me(RoutingContext ctx) {
    Principal principal = Requests.principal(ctx);
    if (!Principal.AGENT.equals(principal.kind())) {
      Responses.ok(ctx, new JsonObject().put("kind", principal.kind()).put("id", principal.id()).put("name", principal.name())
          .put("roles", principal.roles().stream().map(Role::wireName).toList()));
      return;
    }
    store.read(() -> agents.require(principal.id()))
        .onSuccess(agent -> Responses.ok(ctx, new JsonObject().put("kind", principal.kind()).put("agent", AgentRoutes.view(agent))))
        .onFailure(ctx::fail);
  }
}
