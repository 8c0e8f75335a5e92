package dev.omnihub.adapters.spi;

import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A channel whose customers reach the hub from a web page (a website widget): which sites may call
 * its public routes (its session, the help center), and how long a reply may wait unseen before it is
 * emailed to a customer who left.
 *
 * @param allowedOrigins      {@code scheme://host[:port]}, lower case; empty: any site
 * @param emailUnseenRepliesAfter how long an agent's reply waits for the customer to see it before it
 *                            is emailed to them; {@link Duration#ZERO}: never
 */
public record CustomerSite(List<String> allowedOrigins, Duration emailUnseenRepliesAfter) {

  public CustomerSite {
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  /** Whether a browser's {@code Origin} may call the channel's routes: any when none are listed. */
  public boolean allows(String origin) {
    return allowedOrigins.isEmpty() || (origin != null && allowedOrigins.contains(origin.toLowerCase(Locale.ROOT)));
  }

  /** Lets the calling page read the answer when its origin is one the site allows. */
  public void allowOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin != null && allows(origin)) {
      ctx.response().putHeader("Access-Control-Allow-Origin", origin).putHeader("Vary", "Origin");
    }
  }

  public boolean emailsUnseenReplies() {
    return !emailUnseenRepliesAfter.isZero();
  }
}
