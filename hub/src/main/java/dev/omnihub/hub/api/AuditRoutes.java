package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.hub.audit.Actor;
import dev.omnihub.hub.audit.AuditTrail;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.net.ClientOrigin;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * The audit trail: {@link #recorder()} writes an entry for every change made through {@code /api}
 * (any method but GET, once it succeeded) and every read of a customer or a conversation;
 * {@code GET /api/v1/audit} (admin) lists them with filters. Logins are recorded by the login route.
 */
final class AuditRoutes {

  /** Reads of these routes concern one customer's data. */
  private static final Set<String> CUSTOMER_READS = Set.of("/api/v1/customers/:id", "/api/v1/customers/:id/conversations",
      "/api/v1/customers/:id/timeline");
  private static final String EXPORT = "/api/v1/customers/:id/export";
  /** Lists show profiles and the customers' last words (previews): reads too. */
  private static final String CUSTOMER_LIST = "/api/v1/customers";
  private static final String CONVERSATION_LIST = "/api/v1/conversations";
  private static final Set<String> CONVERSATION_READS = Set.of("/api/v1/conversations/:id", "/api/v1/conversations/:id/messages");
  /** A route may name the customer its answer concerned (a conversation's). */
  static final String CUSTOMER = "omnihub.audit.customer";

  private final PublishingStore store;
  private final AuditTrail trail;

  AuditRoutes(PublishingStore store, AuditTrail trail) {
    this.store = store;
    this.trail = trail;
  }

  void mount(Router router, Authentication auth) {
    router.get("/api/v1/audit").handler(auth.require(Role.ADMIN)).handler(this::list);
  }

  /** Runs for every {@code /api} request: records it once it succeeded, when it changed something or read a customer's data. */
  Handler<RoutingContext> recorder() {
    return ctx -> {
      ctx.addEndHandler(ended -> {
        Principal principal = ctx.get(Requests.PRINCIPAL);
        int status = ctx.response().getStatusCode();
        if (principal == null || status >= 400 || ctx.currentRoute() == null || ctx.currentRoute().getPath() == null) {
          return;
        }
        String route = ctx.currentRoute().getPath();
        String id = ctx.pathParam("id");
        String ip = ClientOrigin.of(ctx).address();
        if (ctx.request().method() != HttpMethod.GET) {
          String resource = route.replaceFirst("^/api/v1/", "").replaceFirst("/.*$", "");
          // The target's type in the singular, as the specific entries name it ("customer", "channel").
          String targetType = resource.endsWith("s") ? resource.substring(0, resource.length() - 1) : resource;
          trail.record(principal.actor(), ctx.request().method().name() + " " + route, targetType, id,
              "customers".equals(resource) ? id : ctx.get(CUSTOMER), ip);
        } else if (EXPORT.equals(route)) {
          trail.record(principal.actor(), "customer.exported", "customer", id, id, ip);
        } else if (CUSTOMER_READS.contains(route)) {
          trail.record(principal.actor(), "customer.read", "customer", id, id, ip);
        } else if (CONVERSATION_READS.contains(route)) {
          trail.record(principal.actor(), "conversation.read", "conversation", id, ctx.get(CUSTOMER), ip);
        } else if (CUSTOMER_LIST.equals(route)) {
          // A lookup by identity reads the profile it found; a page of the list reads many at once.
          String found = ctx.get(CUSTOMER);
          trail.record(principal.actor(), found == null ? "customer.listed" : "customer.read", "customer", found, found, ip);
        } else if (CONVERSATION_LIST.equals(route)) {
          trail.record(principal.actor(), "conversation.listed", "conversation", null, null, ip);
        }
      });
      ctx.next();
    };
  }

  private void list(RoutingContext ctx) {
    AuditTrail.Filter filter = new AuditTrail.Filter(Requests.query(ctx, "actor"), Requests.query(ctx, "customerId"),
        Requests.query(ctx, "action"), time(ctx, "from"), time(ctx, "to"));
    var cursor = Requests.cursor(ctx);
    int limit = Requests.limit(ctx);
    store.read(() -> trail.list(filter, cursor, limit)).onSuccess(page -> Responses.page(ctx, page.map(AuditRoutes::view)))
        .onFailure(ctx::fail);
  }

  private static JsonObject view(AuditTrail.Entry entry) {
    Actor actor = entry.actor();
    return new JsonObject().put("id", entry.id()).put("at", entry.at() == null ? null : entry.at().toString())
        .put("actor", actor == null ? null : new JsonObject().put("type", actor.type()).put("id", actor.id()).put("name", actor.name()))
        .put("action", entry.action()).put("target", new JsonObject().put("type", entry.targetType()).put("id", entry.targetId()))
        .put("customerId", entry.customerId()).put("ip", entry.ip());
  }

  private static Instant time(RoutingContext ctx, String name) {
    String value = Requests.query(ctx, name);
    try {
      return value == null ? null : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw InputRejectedException.invalid(name, name + " must be an ISO-8601 time such as 2026-12-01T10:00:00Z");
    }
  }
}
