package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.customer.IdentityKey;
import dev.omnihub.hub.customer.IdentityNormalizer;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.service.TimelineService;
import dev.omnihub.hub.store.ClientDocuments;
import dev.omnihub.hub.views.Views;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/customer-events}: the business's systems post what happened outside the
 * conversations (an order, a return requested in the app); {@code GET /api/v1/customers/{id}/timeline}:
 * those events and every message of the customer, newest first.
 */
final class TimelineRoutes {

  private static final Pattern TYPE = Pattern.compile("^[a-z][a-z0-9_.-]{0,99}$");
  private static final int MAX_DATA_BYTES = 64 * 1024;
  private static final ClientDocuments.Limits DATA_LIMITS = new ClientDocuments.Limits(8, 2000, 10_000);

  private final PublishingStore store;
  private final TimelineService timeline;
  private final IdentityNormalizer normalizer;

  TimelineRoutes(PublishingStore store, TimelineService timeline, IdentityNormalizer normalizer) {
    this.store = store;
    this.timeline = timeline;
    this.normalizer = normalizer;
  }

  void mount(Router router, Authentication auth, ScopeGate scope) {
    router.post("/api/v1/customer-events").handler(auth.require(Role.AGENT)).handler(scope.unscopedOnly()).handler(this::post);
    router.get("/api/v1/customers/:id/timeline").handler(auth.require(Role.AGENT)).handler(scope.customer()).handler(this::list);
  }

  private void post(RoutingContext ctx) {
    JsonInput body = Requests.body(ctx);
    IdentityKey identity = normalizer.parseKey(body.requiredString("identity", 400), "identity");
    if (identity.kind() == dev.omnihub.adapters.spi.IdentityKind.VISITOR) {
      throw InputRejectedException.invalid("identity", "identity is email:, phone: or external:; a visitor id is the widget's own");
    }
    String type = body.requiredString("type", 100);
    if (!TYPE.matcher(type).matches()) {
      throw InputRejectedException.invalid("type", "type is lower-case letters, digits, '.', '_' or '-', starting with a letter "
          + "(e.g. order.created)");
    }
    JsonInput data = body.optionalObject("data");
    if (data != null && data.raw().encode().length() > MAX_DATA_BYTES) {
      throw InputRejectedException.invalid("data", "data is at most " + MAX_DATA_BYTES + " bytes of JSON");
    }
    java.time.Instant occurredAt = body.optionalInstant("occurredAt");
    if (occurredAt == null) {
      throw InputRejectedException.invalid("occurredAt", "occurredAt (ISO-8601 time) is required");
    }
    TimelineService.Post post = new TimelineService.Post(identity, body.optionalString("name", 200), type,
        body.requiredString("title", 500), occurredAt, body.requiredString("externalId", 200),
        data == null ? Map.of() : ClientDocuments.toDocument(data.raw(), "data", DATA_LIMITS));
    store.writeAndPublish(() -> timeline.post(post)).onSuccess(posted -> {
      JsonObject answer = new JsonObject().put("id", posted.event().id()).put("customerId", posted.event().customerId())
          .put("duplicate", posted.duplicate());
      ctx.response().setStatusCode(posted.duplicate() ? 200 : 201).putHeader("Content-Type", "application/json").end(answer.encode());
    }).onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "customer");
    var cursor = Requests.cursor(ctx);
    int limit = Requests.limit(ctx);
    store.read(() -> timeline.timeline(id, cursor, limit))
        .onSuccess(page -> Responses.page(ctx, page.map(Views::timelineItem)))
        .onFailure(ctx::fail);
  }
}
