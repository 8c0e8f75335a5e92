package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.conversation.DeliveryStates;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.service.ConversationService;
import dev.omnihub.hub.views.Views;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The delivery queue's dead letters for supervisors: {@code GET /api/v1/deliveries} lists replies
 * whose delivery gave up, {@code POST /api/v1/messages/{id}/retry} queues one again.
 */
final class DeliveryRoutes {

  private final PublishingStore store;
  private final MessageStore messages;
  private final ConversationService service;

  DeliveryRoutes(PublishingStore store, MessageStore messages, ConversationService service) {
    this.store = store;
    this.messages = messages;
    this.service = service;
  }

  void mount(Router router, Authentication auth, ScopeGate scope) {
    router.get("/api/v1/deliveries").handler(auth.require(Role.SUPERVISOR)).handler(scope.unscopedOnly()).handler(this::list);
    router.post("/api/v1/messages/:id/retry").handler(auth.require(Role.SUPERVISOR)).handler(scope.unscopedOnly()).handler(this::retry);
  }

  private void list(RoutingContext ctx) {
    String status = Requests.query(ctx, "status");
    List<String> statuses = status == null ? DeliveryStates.GAVE_UP : List.of(status);
    if (status != null && !List.of(DeliveryStates.QUEUED, DeliveryStates.SENDING, DeliveryStates.SENT, DeliveryStates.DELIVERED,
        DeliveryStates.FAILED, DeliveryStates.UNDELIVERED, DeliveryStates.SKIPPED).contains(status)) {
      throw InputRejectedException.invalid("status", "status must be one of queued, sending, sent, delivered, failed, undelivered, skipped");
    }
    String channel = Requests.query(ctx, "channel");
    if (channel != null) {
      try {
        channel = ChannelType.fromWireName(channel).wireName();
      } catch (IllegalArgumentException e) {
        throw InputRejectedException.invalid("channel", e.getMessage());
      }
    }
    String channelType = channel;
    var cursor = Requests.cursor(ctx);
    int limit = Requests.limit(ctx);
    store.read(() -> messages.deliveries(statuses, channelType, cursor, limit))
        .onSuccess(page -> Responses.page(ctx, page.map(Views::message)))
        .onFailure(ctx::fail);
  }

  private void retry(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "message");
    store.writeAndPublish(() -> service.retryDelivery(id))
        .onSuccess(message -> Responses.ok(ctx, Views.message(message)))
        .onFailure(ctx::fail);
  }
}
