package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.ForbiddenException;
import dev.omnihub.hub.net.ClientOrigin;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * The console's session cookie: an HttpOnly, SameSite=Strict cookie holding a session token, sent
 * only to {@code /api/v1/auth}, where {@code refresh} trades it for an access token the page keeps in
 * memory. Every other route takes bearer tokens only, so a cross-site request carries no credential;
 * the cookie's routes also require the {@value #CSRF_HEADER} header, which a cross-site page cannot
 * send without a CORS preflight the hub never grants.
 */
final class ConsoleSession {

  static final String COOKIE = "omnihub_session";
  static final String CSRF_HEADER = "X-OmniHub-CSRF";
  private static final String PATH = "/api/v1/auth";

  private final Duration lifetime;

  ConsoleSession(Duration lifetime) {
    this.lifetime = lifetime;
  }

  /** Rejects a cookie-carrying request that a page of another site could have made. */
  static void requireSameSite(RoutingContext ctx) {
    if (ctx.request().getHeader(CSRF_HEADER) == null) {
      throw new ForbiddenException("the console's session needs the " + CSRF_HEADER + " header (sent by the console's own page)");
    }
  }

  static String token(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    return cookie == null || cookie.getValue().isBlank() ? null : cookie.getValue();
  }

  void set(RoutingContext ctx, String sessionToken) {
    ctx.response().addCookie(cookie(ctx, sessionToken).setMaxAge(lifetime.toSeconds()));
  }

  /** Set as a header, not through the cookie jar, so it also goes out with an error response. */
  void clear(RoutingContext ctx) {
    ctx.response().headers().add("Set-Cookie", cookie(ctx, "").setMaxAge(0).encode());
  }

  private static Cookie cookie(RoutingContext ctx, String value) {
    boolean secure = ctx.request().isSSL() || "https".equals(ClientOrigin.of(ctx).forwardedProto());
    return Cookie.cookie(COOKIE, value).setPath(PATH).setHttpOnly(true).setSameSite(CookieSameSite.STRICT).setSecure(secure);
  }
}
