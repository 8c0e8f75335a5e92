package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.kb.AlertStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** {@code GET /api/v1/alerts}: supervisor alerts, newest first (API.md "Alerts"). */
final class AlertRoutes {

  private final PublishingStore store;
  private final AlertStore alerts;

  AlertRoutes(PublishingStore store, AlertStore alerts) {
    this.store = store;
    this.alerts = alerts;
  }

  void mount(Router router, Authentication auth) {
    router.get("/api/v1/alerts").handler(auth.require(Role.SUPERVISOR)).handler(this::list);
  }

  private void list(RoutingContext ctx) {
    String sinceText = Requests.query(ctx, "since");
    Instant since;
    try {
      since = sinceText == null ? null : Instant.parse(sinceText);
    } catch (DateTimeParseException e) {
      throw InputRejectedException.invalid("since", "since is an ISO-8601 instant such as 2026-12-01T00:00:00Z");
    }
    var cursor = Requests.cursor(ctx);
    int limit = Requests.limit(ctx);
    store.read(() -> alerts.list(since, cursor, limit)).onSuccess(page -> Responses.page(ctx, page)).onFailure(ctx::fail);
  }
}
