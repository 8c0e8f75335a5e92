package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.hub.auth.AuthService;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.errors.ForbiddenException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Route handlers that establish who is calling and check that their role allows the route. */
final class Authentication {

  private final AuthService auth;

  Authentication(AuthService auth) {
    this.auth = auth;
  }

  /** Requires a valid bearer token and at least the given role. */
  Handler<RoutingContext> require(Role role) {
    return ctx -> {
      String header = ctx.request().getHeader("Authorization");
      if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
        ctx.fail(InputRejectedException.unauthenticated("missing_token", "send 'Authorization: Bearer <token>' (log in at POST /api/v1/auth/login)"));
        return;
      }
      auth.authenticate(header.substring(7).trim())
          .onSuccess(principal -> {
            if (!principal.has(role)) {
              ctx.fail(new ForbiddenException("this needs the " + role.wireName() + " role"));
              return;
            }
            ctx.put(Requests.PRINCIPAL, principal);
            ctx.next();
          })
          .onFailure(ctx::fail);
    };
  }
}
