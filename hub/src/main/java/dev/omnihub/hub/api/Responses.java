package dev.omnihub.hub.api;

import dev.omnihub.hub.store.Page;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Writing JSON answers. */
final class Responses {

  private Responses() {
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
  }

  static void ok(RoutingContext ctx, JsonObject body) {
    json(ctx, 200, body);
  }

  static void created(RoutingContext ctx, JsonObject body) {
    json(ctx, 201, body);
  }

  static void page(RoutingContext ctx, Page<JsonObject> page) {
    ok(ctx, new JsonObject().put("items", new JsonArray(page.items())).put("next", page.next()));
  }

  static void items(RoutingContext ctx, List<JsonObject> items) {
    ok(ctx, new JsonObject().put("items", new JsonArray(items)).putNull("next"));
  }
}
