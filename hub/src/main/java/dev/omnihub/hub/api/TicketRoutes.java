package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.auth.Agent;
import dev.omnihub.hub.auth.AgentStore;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.routing.QueueStore;
import dev.omnihub.hub.service.ConversationService;
import dev.omnihub.hub.ticket.SlaClockStore;
import dev.omnihub.hub.ticket.SlaExplanation;
import dev.omnihub.hub.ticket.Ticket;
import dev.omnihub.hub.ticket.TicketDesk;
import dev.omnihub.hub.ticket.TicketStore;
import dev.omnihub.hub.ticket.TicketViews;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/v1/conversations/{id}/escalate} and {@code /api/v1/tickets}: a conversation that needs
 * more than a reply becomes a numbered ticket. Tickets span channels, so an API token limited to some
 * channels escalates only conversations it reaches and does not list or open tickets.
 */
final class TicketRoutes {

  private static final int MAX_TRIES = 5;

  private final PublishingStore store;
  private final TicketDesk desk;
  private final TicketStore tickets;
  private final ConversationStore conversations;
  private final QueueStore queues;
  private final AgentStore agents;
  private final ConversationService conversationService;
  private final Clock clock;

  TicketRoutes(PublishingStore store, TicketDesk desk, ConversationStore conversations, QueueStore queues, AgentStore agents,
      ConversationService conversationService, Clock clock) {
    this.store = store;
    this.desk = desk;
    this.tickets = desk.tickets();
    this.conversations = conversations;
    this.queues = queues;
    this.agents = agents;
    this.conversationService = conversationService;
    this.clock = clock;
  }

  void mount(io.vertx.ext.web.Router web, Authentication auth, ScopeGate scope) {
    web.post("/api/v1/conversations/:id/escalate").handler(auth.require(Role.AGENT)).handler(scope.conversation()).handler(this::escalate);
    web.get("/api/v1/tickets").handler(auth.require(Role.AGENT)).handler(scope.unscopedOnly()).handler(this::list);
    web.get("/api/v1/tickets/:number").handler(auth.require(Role.AGENT)).handler(scope.unscopedOnly()).handler(this::get);
    web.get("/api/v1/tickets/:number/sla").handler(auth.require(Role.AGENT)).handler(scope.unscopedOnly()).handler(this::explainSla);
    web.patch("/api/v1/tickets/:number").handler(auth.require(Role.AGENT)).handler(scope.unscopedOnly()).handler(this::change);
  }

  private void escalate(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "conversation");
    JsonInput body = Requests.body(ctx);
    TicketStore.Escalation asked = new TicketStore.Escalation(body.optionalChoice("priority", Ticket.PRIORITIES),
        blankToNull(body.optionalString("reason", 1_000)), body.optionalString("queueId", 64), body.optionalString("assigneeId", 64));
    var actor = Requests.principal(ctx).actor();
    store.writeAndPublish(() -> {
      Conversation conversation = conversations.require(id);
      checkOwners(asked.queueId(), asked.assigneeId());
      return desk.escalate(conversation, asked, actor);
    }).onSuccess(escalated -> Responses.json(ctx, escalated.created() ? 201 : 200, view(escalated.ticket()))).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    long number = number(ctx);
    store.read(() -> tickets.findByNumber(number).orElseThrow(() -> new NotFoundException("ticket", Long.toString(number))))
        .onSuccess(ticket -> Responses.ok(ctx, view(ticket))).onFailure(ctx::fail);
  }

  private void explainSla(RoutingContext ctx) {
    long number = number(ctx);
    store.read(() -> {
      Ticket ticket = tickets.findByNumber(number).orElseThrow(() -> new NotFoundException("ticket", Long.toString(number)));
      Instant now = clock.instant();
      return SlaExplanation.of(ticket, desk.sla().evaluate(SlaClockStore.Subject.ticket(ticket.id(), ticket.conversationId()).key(), now), now);
    }).onSuccess(explained -> Responses.ok(ctx, explained)).onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    String status = Requests.query(ctx, "status");
    String priority = Requests.query(ctx, "priority");
    if (status != null && !Ticket.STATUSES.contains(status)) {
      throw InputRejectedException.invalid("status", "status must be one of " + Ticket.STATUSES + ", not '" + status + "'");
    }
    if (priority != null && !Ticket.PRIORITIES.contains(priority)) {
      throw InputRejectedException.invalid("priority", "priority must be one of " + Ticket.PRIORITIES + ", not '" + priority + "'");
    }
    String breached = Requests.query(ctx, "breached");
    if (breached != null && !breached.equals("true") && !breached.equals("false")) {
      throw InputRejectedException.invalid("breached", "breached must be true or false, not '" + breached + "'");
    }
    TicketStore.Filter filter = new TicketStore.Filter(status, priority, Requests.query(ctx, "queue"), Requests.query(ctx, "assignee"),
        Requests.query(ctx, "customerId"), "true".equals(breached));
    var cursor = Requests.cursor(ctx);
    int limit = Requests.limit(ctx);
    store.read(() -> tickets.list(filter, cursor, limit)).onSuccess(page -> Responses.page(ctx, page.map(TicketRoutes::view)))
        .onFailure(ctx::fail);
  }

  private void change(RoutingContext ctx) {
    long number = number(ctx);
    JsonInput body = Requests.body(ctx);
    TicketStore.Patch patch = new TicketStore.Patch(body.optionalChoice("status", Ticket.STATUSES),
        body.optionalChoice("priority", Ticket.PRIORITIES), body.optionalString("queueId", 64), body.optionalString("assigneeId", 64));
    Principal principal = Requests.principal(ctx);
    store.writeAndPublish(() -> {
      checkOwners(patch.queueId(), patch.assigneeId());
      for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
        Ticket read = tickets.findByNumber(number).orElseThrow(() -> new NotFoundException("ticket", Long.toString(number)));
        Optional<Outcome<Ticket>> changed = desk.change(read, patch, principal.actor());
        if (changed.isPresent()) {
          List<HubEvent> events = new ArrayList<>(changed.get().events());
          events.addAll(conversationFollows(read, changed.get().value(), principal));
          return new Outcome<>(changed.get().value(), events);
        }
      }
      throw new dev.omnihub.hub.errors.ConflictException("busy", "ticket " + number + " kept changing; try again");
    }).onSuccess(ticket -> Responses.ok(ctx, view(ticket))).onFailure(ctx::fail);
  }

  /**
   * Solving a ticket resolves its conversation, closing it closes it, reopening a solved ticket opens
   * it again (the other way round is {@code TicketFollowsConversation}'s).
   *
   * @return the conversation's events
   */
  private List<HubEvent> conversationFollows(Ticket before, Ticket after, Principal principal) {
    if (before.status().equals(after.status())) {
      return List.of();
    }
    ConversationStatus wanted = switch (after.status()) {
      case "solved" -> ConversationStatus.RESOLVED;
      case "closed" -> ConversationStatus.CLOSED;
      default -> "solved".equals(before.status()) ? ConversationStatus.OPEN : null;
    };
    if (wanted == null) {
      return List.of();
    }
    return conversationService.changeStatus(after.conversationId(), wanted, null, principal).events();
  }

  /** A queue and an agent named by a request must exist (blocking). */
  private void checkOwners(String queueId, String assigneeId) {
    if (queueId != null && queues.find(queueId).isEmpty()) {
      throw InputRejectedException.invalid("queueId", "no queue '" + queueId + "'");
    }
    if (assigneeId != null && agents.find(assigneeId).filter(Agent::active).isEmpty()) {
      throw InputRejectedException.invalid("assigneeId", "no active agent '" + assigneeId + "'");
    }
  }

  private static long number(RoutingContext ctx) {
    String raw = ctx.pathParam("number");
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw InputRejectedException.invalid("number", "a ticket number is a whole number, not '" + raw + "'");
    }
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  private static JsonObject view(Ticket ticket) {
    return TicketViews.view(ticket);
  }
}
