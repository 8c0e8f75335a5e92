package dev.omnihub.hub.ticket;

import dev.omnihub.adapters.spi.ThreadHints;
import dev.omnihub.hub.audit.Actor;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.TicketChanged;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What every change of a ticket comes with, whoever makes it (an agent, a rule, a breach): its SLA
 * clocks follow, its conversation shows it, and its event is published. Blocking: run inside a store
 * write.
 */
public final class TicketDesk {

  private final TicketStore tickets;
  private final ConversationStore conversations;
  private final SlaTracker sla;
  private final Clock clock;

  public TicketDesk(TicketStore tickets, ConversationStore conversations, SlaTracker sla, Clock clock) {
    this.tickets = tickets;
    this.conversations = conversations;
    this.sla = sla;
    this.clock = clock;
  }

  public TicketStore tickets() {
    return tickets;
  }

  public SlaTracker sla() {
    return sla;
  }

  /** Escalates the conversation: a new ticket, or its open ticket one level up. */
  public Outcome<TicketStore.Escalated> escalate(Conversation conversation, TicketStore.Escalation asked, Actor actor) {
    TicketStore.Escalated escalated = tickets.escalate(conversation.id(), conversation.customerId(), asked, actor, clock.instant());
    if (escalated.created()) {
      // A mail naming "[#1001]" leads here (after the mail's own threading headers).
      conversations.registerThread(ThreadHints.ticketKey(escalated.ticket().number()), conversation.id(), false);
    }
    Outcome<Ticket> shown = show(escalated.created() ? TicketChanged.CREATED : TicketChanged.UPDATED, escalated.ticket(), conversation);
    return new Outcome<>(new TicketStore.Escalated(shown.value(), escalated.created()), shown.events());
  }

  /**
   * Changes the ticket as it was read, if it is still at that version.
   *
   * @return the ticket after the change and its event; empty when it changed since it was read
   */
  public Optional<Outcome<Ticket>> change(Ticket read, TicketStore.Patch patch, Actor actor) {
    return tickets.change(read, patch, actor, clock.instant()).map(after -> after.version() == read.version() ? new Outcome<>(after, List.of())
        : show(TicketChanged.UPDATED, after, conversations.require(after.conversationId())));
  }

  /** The changed ticket's clocks follow and its conversation shows it; returns it with its clocks, and its event. */
  private Outcome<Ticket> show(String type, Ticket ticket, Conversation conversation) {
    Ticket tracked = sla.trackTicket(ticket, conversation);
    conversations.showTicket(conversation.id(), tracked.ref());
    return new Outcome<>(tracked, List.<HubEvent>of(TicketViews.changed(type, tracked, conversation)));
  }

  /** What a breach does under the policy's {@code onBreach}: a level up, a priority up, another queue. */
  List<HubEvent> breached(SlaTracker.Evaluation breach, Conversation conversation) {
    SlaPolicies.OnBreach rule = breach.policy().onBreach();
    if (!rule.doesAnything()) {
      return List.of();
    }
    SlaClockStore.Subject subject = breach.clocks().subject();
    if (!subject.isTicket()) {
      // A conversation's own clocks: escalating makes it a ticket (a priority and a queue need one).
      return rule.escalate() ? escalate(conversation, new TicketStore.Escalation(rule.raisePriority() ? raised(conversation.priority()) : null,
          "SLA breached", rule.queueId(), null), Actor.SYSTEM).events() : List.of();
    }
    Optional<Ticket> open = tickets.find(subject.ticketId()).filter(ticket -> Ticket.OPEN_STATUSES.contains(ticket.status()));
    if (open.isEmpty()) {
      return List.of();
    }
    String priority = rule.raisePriority() ? raised(open.get().priority()) : null;
    if (rule.escalate()) {
      return escalate(conversation, new TicketStore.Escalation(priority, null, rule.queueId(), null), Actor.SYSTEM).events();
    }
    return change(open.get(), new TicketStore.Patch(null, priority, rule.queueId(), null), Actor.SYSTEM).map(Outcome::events).orElse(List.of());
  }

  /** One step up: low → normal → high → urgent (urgent stays). */
  static String raised(String priority) {
    int at = Ticket.PRIORITIES.indexOf(priority);
    return Ticket.PRIORITIES.get(Math.min(Ticket.PRIORITIES.size() - 1, Math.max(at, 0) + 1));
  }
}
