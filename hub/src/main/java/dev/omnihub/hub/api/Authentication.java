package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.ForbiddenException;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.hub.auth.AuthService;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.auth.Role;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Route handlers that establish who is calling and check that their role allows the route. */
final class Authentication {

  private final AuthService auth;

  Authentication(AuthService auth) {
    this.auth = auth;
  }

  /**
   * Routes under {@code /api} that anyone may call: logging in and the console's refresh (its session
   * cookie is the credential), the widget's own routes, this API's description, a survey's answer (its
   * token is the credential).
   */
  private static boolean isPublic(String path) {
    return path.equals("/api/v1/auth/login") || path.equals("/api/v1/auth/refresh") || path.startsWith("/api/v1/widget/") || path.equals("/api/v1/openapi.json")
        || path.startsWith("/api/v1/csat/");
  }

  /**
   * Runs before the body is read: a request to a non-public {@code /api} route without a valid token
   * is refused before a byte of its body is buffered. The principal found is kept for {@link #require}.
   */
  Handler<RoutingContext> beforeBody() {
    return ctx -> {
      if (isPublic(ctx.request().path())) {
        ctx.next();
        return;
      }
      String header = ctx.request().getHeader("Authorization");
      if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
        ctx.fail(InputRejectedException.unauthenticated("missing_token", "send 'Authorization: Bearer <token>' (log in at POST /api/v1/auth/login)"));
        return;
      }
      // Held until the token is checked; the body handler reads it after (or nobody does).
      ctx.request().pause();
      auth.authenticate(header.substring(7).trim())
          .onSuccess(principal -> {
            ctx.put(Requests.PRINCIPAL, principal);
            ctx.next();
          })
          .onFailure(ctx::fail);
    };
  }

  /** Requires a valid bearer token and at least the given role. */
  Handler<RoutingContext> require(Role role) {
    return ctx -> {
      Principal known = ctx.get(Requests.PRINCIPAL);
      if (known != null) {
        allow(ctx, known, role);
        return;
      }
      String header = ctx.request().getHeader("Authorization");
      if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
        ctx.fail(InputRejectedException.unauthenticated("missing_token", "send 'Authorization: Bearer <token>' (log in at POST /api/v1/auth/login)"));
        return;
      }
      auth.authenticate(header.substring(7).trim())
          .onSuccess(principal -> {
            ctx.put(Requests.PRINCIPAL, principal);
            allow(ctx, principal, role);
          })
          .onFailure(ctx::fail);
    };
  }

  private static void allow(RoutingContext ctx, Principal principal, Role role) {
    if (!principal.has(role)) {
      ctx.fail(new ForbiddenException("this needs the " + role.wireName() + " role"));
      return;
    }
    ctx.next();
  }
}
