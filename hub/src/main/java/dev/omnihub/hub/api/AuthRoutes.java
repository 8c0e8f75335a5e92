package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.hub.audit.Actor;
import dev.omnihub.hub.audit.AuditTrail;
import dev.omnihub.hub.auth.AgentStore;
import dev.omnihub.hub.auth.AuthService;
import dev.omnihub.hub.auth.LoginThrottle;
import dev.omnihub.hub.auth.PasswordChecks;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.net.ClientOrigin;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/v1/auth}: logging in and asking who you are. */
final class AuthRoutes {

  private static final Logger log = LoggerFactory.getLogger(AuthRoutes.class);

  private final PublishingStore store;
  private final AuthService auth;
  private final AgentStore agents;
  private final LoginThrottle throttle;
  private final PasswordChecks passwords;
  private final AuditTrail audit;
  private final ConsoleSession session;

  AuthRoutes(PublishingStore store, AuthService auth, AgentStore agents, LoginThrottle throttle, PasswordChecks passwords,
      AuditTrail audit, ConsoleSession session) {
    this.session = session;
    this.audit = audit;
    this.passwords = passwords;
    this.store = store;
    this.auth = auth;
    this.agents = agents;
    this.throttle = throttle;
  }

  void mount(Router router, Authentication authentication) {
    router.post("/api/v1/auth/login").handler(this::login);
    router.post("/api/v1/auth/refresh").handler(this::refresh);
    router.post("/api/v1/auth/logout").handler(authentication.require(Role.AGENT)).handler(this::logout);
    router.get("/api/v1/auth/me").handler(authentication.require(Role.AGENT)).handler(this::me);
  }

  private void login(RoutingContext ctx) {
    JsonInput body = Requests.body(ctx);
    String email = body.requiredString("email", 320);
    String password = body.requiredString("password", 256);
    boolean withSession = Boolean.TRUE.equals(body.optionalBoolean("session"));
    if (withSession) {
      ConsoleSession.requireSameSite(ctx);
    }
    ClientOrigin client = ClientOrigin.of(ctx);
    String address = client.address();
    // Counted before the slow check is queued, so parallel guesses cannot all slip through, nor fill the queue.
    throttle.attempt(email, client.limitKey())
        .compose(counted -> passwords.run(() -> auth.login(email, password)))
        .onSuccess(login -> {
          if (login == null) {
            audit.record(new Actor("agent", null, email), "login.failed", "agent", null, null, address);
            ctx.fail(InputRejectedException.unauthenticated("invalid_credentials", "email or password is wrong"));
            return;
          }
          audit.record(new Actor("agent", login.agent().id(), login.agent().name()), "login.succeeded", "agent", login.agent().id(), null,
              address);
          throttle.succeed(email, client.limitKey())
              .onFailure(error -> log.warn("Could not clear the login throttle's counts of a signed-in agent: {}", error.toString()));
          if (withSession) {
            session.set(ctx, auth.sessionToken(login.agent()));
          }
          Responses.ok(ctx, new JsonObject().put("token", login.token()).put("agent", AgentRoutes.view(login.agent())));
        })
        .onFailure(ctx::fail);
  }

  /** The console's reload: its session cookie traded for a fresh access token (and who is signed in). */
  private void refresh(RoutingContext ctx) {
    ConsoleSession.requireSameSite(ctx);
    String token = ConsoleSession.token(ctx);
    if (token == null) {
      ctx.response().setStatusCode(204).end(); // nobody signed in on this browser: not an error, the sign-in form follows
      return;
    }
    auth.refresh(token)
        .onSuccess(login -> Responses.ok(ctx, new JsonObject().put("token", login.token()).put("agent", AgentRoutes.view(login.agent()))))
        .onFailure(failure -> {
          session.clear(ctx);
          ctx.fail(failure);
        });
  }

  /** Revokes the token the request came with, at once (API.md "Agents and auth"), and the console session sent with it. */
  private void logout(RoutingContext ctx) {
    String bearer = ctx.request().getHeader("Authorization").substring(7).trim();
    Principal principal = Requests.principal(ctx);
    String sessionToken = ConsoleSession.token(ctx);
    if (sessionToken != null) {
      session.clear(ctx);
    }
    auth.logout(bearer, principal)
        .compose(ignored -> sessionToken == null ? Future.<Void>succeededFuture() : auth.endSession(sessionToken, principal))
        .onSuccess(ignored -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  private void me(RoutingContext ctx) {
    Principal principal = Requests.principal(ctx);
    if (!Principal.AGENT.equals(principal.kind())) {
      Responses.ok(ctx, new JsonObject().put("kind", principal.kind()).put("id", principal.id()).put("name", principal.name())
          .put("roles", principal.roles().stream().map(Role::wireName).toList())
          .put("channels", principal.channels()));
      return;
    }
    store.read(() -> agents.require(principal.id()))
        .onSuccess(agent -> Responses.ok(ctx, new JsonObject().put("kind", principal.kind()).put("agent", AgentRoutes.view(agent))))
        .onFailure(ctx::fail);
  }
}
