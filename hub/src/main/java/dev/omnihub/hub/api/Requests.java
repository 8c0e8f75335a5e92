package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.PageCursor;
import io.vertx.ext.web.RoutingContext;

/** Reading requests: the caller, the JSON body, path ids and paging parameters. */
final class Requests {

  static final String PRINCIPAL = "omnihub.principal";
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;

  private Requests() {
  }

  static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  static JsonInput body(RoutingContext ctx) {
    return JsonInput.parse(ctx.body().buffer());
  }

  /** A path id; anything not shaped like one of our ids cannot exist, so it is a 404 without a query. */
  static String id(RoutingContext ctx, String name, String what) {
    String value = ctx.pathParam(name);
    if (!Ids.looksLikeId(value)) {
      throw new NotFoundException(what, value);
    }
    return value;
  }

  static int limit(RoutingContext ctx) {
    String raw = ctx.queryParams().get("limit");
    if (raw == null || raw.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw.trim());
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new NumberFormatException();
      }
      return limit;
    } catch (NumberFormatException e) {
      throw InputRejectedException.invalid("limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
    }
  }

  static PageCursor cursor(RoutingContext ctx) {
    return PageCursor.decode(ctx.queryParams().get("cursor"));
  }

  static String query(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }
}
