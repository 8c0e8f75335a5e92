package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.routing.QueueStore;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.ticket.SlaDefinitions;
import dev.omnihub.hub.ticket.SlaSettings;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import org.bson.Document;

/** {@code /api/v1/business-hours} and {@code /api/v1/sla-policies}: what SLA clocks count in and promise. */
final class SlaRoutes {

  private final PublishingStore store;
  private final SlaSettings settings;
  private final QueueStore queues;
  private final Clock clock;

  SlaRoutes(PublishingStore store, SlaSettings settings, QueueStore queues, Clock clock) {
    this.store = store;
    this.settings = settings;
    this.queues = queues;
    this.clock = clock;
  }

  void mount(io.vertx.ext.web.Router web, Authentication auth) {
    web.post("/api/v1/business-hours").handler(auth.require(Role.ADMIN)).handler(this::createHours);
    web.get("/api/v1/business-hours").handler(auth.require(Role.AGENT)).handler(ctx ->
        store.read(settings::allBusinessHours).onSuccess(all -> Responses.items(ctx, all.stream().map(SlaRoutes::view).toList()))
            .onFailure(ctx::fail));
    web.get("/api/v1/business-hours/:id").handler(auth.require(Role.AGENT)).handler(ctx -> {
      String id = Requests.id(ctx, "id", "business hours");
      store.read(() -> settings.businessHours(id).orElseThrow(() -> new NotFoundException("business hours", id)))
          .onSuccess(found -> Responses.ok(ctx, view(found))).onFailure(ctx::fail);
    });
    web.post("/api/v1/sla-policies").handler(auth.require(Role.ADMIN)).handler(this::createPolicy);
    web.get("/api/v1/sla-policies").handler(auth.require(Role.AGENT)).handler(ctx ->
        store.read(settings::allPolicies).onSuccess(all -> Responses.items(ctx, all.stream().map(SlaRoutes::view).toList()))
            .onFailure(ctx::fail));
    web.get("/api/v1/sla-policies/:id").handler(auth.require(Role.AGENT)).handler(ctx -> {
      String id = Requests.id(ctx, "id", "SLA policy");
      store.read(() -> settings.policy(id).orElseThrow(() -> new NotFoundException("sla policy", id)))
          .onSuccess(found -> Responses.ok(ctx, view(found))).onFailure(ctx::fail);
    });
  }

  private void createHours(RoutingContext ctx) {
    Document definition = SlaDefinitions.businessHours(Requests.body(ctx));
    store.write(() -> settings.createBusinessHours(definition, clock.instant())).onSuccess(created -> Responses.created(ctx, view(created)))
        .onFailure(ctx::fail);
  }

  private void createPolicy(RoutingContext ctx) {
    Document definition = SlaDefinitions.policy(Requests.body(ctx));
    store.write(() -> {
      String hours = definition.getString("businessHoursId");
      if (hours != null && settings.businessHours(hours).isEmpty()) {
        throw InputRejectedException.invalid("businessHoursId", "no business hours '" + hours + "'");
      }
      String queue = definition.get("onBreach", Document.class).getString("queueId");
      if (queue != null && queues.find(queue).isEmpty()) {
        throw InputRejectedException.invalid("onBreach.queueId", "no queue '" + queue + "'");
      }
      return settings.createPolicy(definition, clock.instant());
    }).onSuccess(created -> Responses.created(ctx, view(created))).onFailure(ctx::fail);
  }

  /** The stored definition as the API shows it: its fields, its id and when it was made. */
  private static JsonObject view(Document stored) {
    Document shown = new Document(stored);
    shown.remove("_id");
    shown.remove("createdAt");
    JsonObject view = new JsonObject().put("id", stored.getString("_id"));
    view.mergeIn(new JsonObject(shown.toJson()));
    return view.put("createdAt", Docs.instant(stored, "createdAt").toString());
  }
}
