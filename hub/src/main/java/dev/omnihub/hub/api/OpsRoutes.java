package dev.omnihub.hub.api;

import dev.omnihub.hub.store.MongoStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.function.Supplier;

/** Operator and discovery routes: health, metrics and the OpenAPI document. */
final class OpsRoutes {

  private final MongoStore store;
  private final PrometheusMeterRegistry metrics;
  private final Buffer openApi;
  private final Supplier<JsonObject> details;

  /** @param details extra facts for /health (knowledge base size, ...) */
  OpsRoutes(MongoStore store, PrometheusMeterRegistry metrics, Buffer openApi, Supplier<JsonObject> details) {
    this.store = store;
    this.metrics = metrics;
    this.openApi = openApi;
    this.details = details;
  }

  void mount(Router router) {
    router.get("/health").handler(this::health);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics));
    router.get("/api/v1/openapi.json").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json").end(openApi));
  }

  private void health(RoutingContext ctx) {
    store.reachable()
        .onSuccess(ignored -> Responses.ok(ctx, details.get().put("status", "UP").put("store", store.kind())))
        .onFailure(error -> Responses.json(ctx, 503, new JsonObject().put("status", "DOWN").put("store", store.kind())
            .put("error", error.getMessage())));
  }
}
