package dev.omnihub.hub.ticket;

import dev.omnihub.hub.conversation.Author;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.events.ConversationCreated;
import dev.omnihub.hub.events.ConversationUpdated;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.MessageCreated;
import dev.omnihub.hub.events.Reaction;
import dev.omnihub.hub.sla.SlaAlarms;
import dev.omnihub.hub.sla.SlaClocks;
import dev.omnihub.hub.sla.SlaEvent;
import dev.omnihub.hub.sla.SlaSummary;
import dev.omnihub.hub.ticket.SlaClockStore.Clocks;
import dev.omnihub.hub.ticket.SlaClockStore.Subject;
import dev.omnihub.hub.timers.TimerKind;
import dev.omnihub.hub.timers.TimerStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps SLA clocks going: a ticket's from its creation (under its queue's policy, else its
 * conversation's queue's), a conversation's own from when it waits in a queue with a policy until a
 * ticket takes over. What the clocks count (starts, priorities, statuses, customer messages, agent
 * replies) is added to {@link SlaClockStore}; after each addition the due times are computed again
 * ({@link SlaClocks}), shown on the ticket and the conversation, and the next warning or due time is
 * scheduled as a durable timer that {@link SlaTimer} runs. Blocking: run inside a store write.
 */
public final class SlaTracker {

  /** Runs a subject's clocks' next warning or breach; a run finds its own work, so retries are harmless. */
  public static final TimerKind KIND = new TimerKind("sla.check", 20);

  /** A subject's clocks computed now. */
  public record Evaluation(Clocks clocks, SlaPolicies.Policy policy, SlaClocks.Report report, SlaSummary summary, SlaAlarms.Due due) {

    /** When the next alarm falls due: now, if one is due unannounced; {@code null} for none to come. */
    public Instant nextCheck(Instant now) {
      return due.now().isEmpty() ? due.next() : now;
    }
  }

  private static final Map<ConversationStatus, String> TICKET_STATUS_OF = Map.of(ConversationStatus.OPEN, "open",
      ConversationStatus.PENDING, "pending", ConversationStatus.SNOOZED, "onHold", ConversationStatus.RESOLVED, "solved",
      ConversationStatus.CLOSED, "closed");

  private final SlaClockStore clocks;
  private final SlaPolicies policies;
  private final TicketStore tickets;
  private final ConversationStore conversations;
  private final TimerStore timers;
  private final Clock clock;

  public SlaTracker(SlaClockStore clocks, SlaPolicies policies, TicketStore tickets, ConversationStore conversations, TimerStore timers,
      Clock clock) {
    this.clocks = clocks;
    this.policies = policies;
    this.tickets = tickets;
    this.conversations = conversations;
    this.timers = timers;
    this.clock = clock;
  }

  public SlaClockStore clocks() {
    return clocks;
  }

  /**
   * Starts or follows the ticket's clocks from the ticket as it is (its own history is what they count
   * of it), so calling it again changes nothing.
   *
   * @return the ticket showing its clocks ({@code sla} stays {@code null} when no policy applies)
   */
  public Ticket trackTicket(Ticket ticket, Conversation conversation) {
    Subject subject = Subject.ticket(ticket.id(), ticket.conversationId());
    Optional<Clocks> existing = clocks.find(subject.key());
    Optional<SlaPolicies.Policy> policy = policies.ofQueue(ticket.queueId()).or(() -> policies.ofQueue(conversation.queueId()));
    Instant now = clock.instant();
    if (existing.isEmpty()) {
      if (policy.isEmpty()) {
        return ticket;
      }
      clocks.open(subject, ticket.number(), policy.get().id(), now);
      // From now on the ticket's clocks are the conversation's.
      clocks.deactivate(Subject.conversation(conversation.id()));
    } else if (policy.isPresent() && !policy.get().id().equals(existing.get().policyId())) {
      clocks.usePolicy(subject, policy.get().id());
    }
    clocks.add(subject, ticketEvents(ticket));
    Optional<Evaluation> evaluated = recompute(subject, true);
    if ("closed".equals(ticket.status())) {
      clocks.deactivate(subject);
    }
    return evaluated.map(evaluation -> ticket.withSla(evaluation.summary())).orElse(ticket);
  }

  /** What a ticket's history tells its clocks. */
  static List<SlaEvent> ticketEvents(Ticket ticket) {
    List<SlaEvent> events = new ArrayList<>();
    for (Ticket.Change change : ticket.history()) {
      Map<String, Object> fields = change.change();
      if (Boolean.TRUE.equals(fields.get("created"))) {
        events.add(new SlaEvent.Started(change.at(), (String) fields.get("priority")));
        continue;
      }
      if (fields.get("priority") instanceof String priority) {
        events.add(new SlaEvent.PriorityChanged(change.at(), priority));
      }
      if (fields.get("status") instanceof String status) {
        events.add(new SlaEvent.StatusChanged(change.at(), status));
      }
    }
    return events;
  }

  /**
   * Starts or follows the conversation's own clocks while it has no ticket: they start when it waits in
   * a queue with a policy, and count its statuses as a ticket's (snoozed as on hold, resolved as solved).
   *
   * @param statusChanged whether its status is news (else only its queue may be)
   */
  public void trackConversation(Conversation conversation, boolean statusChanged) {
    if (conversation.ticket() != null) {
      return; // its ticket's clocks run (started with the ticket, which stopped these)
    }
    Subject subject = Subject.conversation(conversation.id());
    Optional<Clocks> existing = clocks.find(subject.key());
    Optional<SlaPolicies.Policy> policy = policies.ofQueue(conversation.queueId());
    List<SlaEvent> events = new ArrayList<>();
    if (existing.isEmpty()) {
      if (policy.isEmpty() || !conversation.active()) {
        return;
      }
      clocks.open(subject, null, policy.get().id(), clock.instant());
      Instant queuedAt = conversation.routing().queuedAt() != null ? conversation.routing().queuedAt() : conversation.updatedAt();
      events.add(new SlaEvent.Started(queuedAt, conversation.priority() == null ? "normal" : conversation.priority()));
      statusChanged = conversation.status() != ConversationStatus.OPEN;
    } else if (!existing.get().active()) {
      return;
    } else if (policy.isPresent() && !policy.get().id().equals(existing.get().policyId())) {
      clocks.usePolicy(subject, policy.get().id());
    }
    if (statusChanged) {
      events.add(new SlaEvent.StatusChanged(conversation.updatedAt(), TICKET_STATUS_OF.get(conversation.status())));
    }
    clocks.add(subject, events);
    recompute(subject, true);
  }

  /**
   * A customer's message or an agent's reply moves the clocks of its conversation that run.
   *
   * @return {@code ticket.updated} for a ticket whose due times it moved (the first reply met, the next one due), so
   *     that desks and boards showing the ticket show them
   */
  public List<HubEvent> trackMessage(Message message) {
    SlaEvent event = countedAs(message);
    if (event == null) {
      return List.of();
    }
    List<HubEvent> changed = new ArrayList<>();
    for (Clocks running : clocks.activeFor(message.conversationId())) {
      clocks.add(running.subject(), List.of(event));
      Optional<Ticket> before = running.subject().isTicket() ? tickets.find(running.subject().ticketId()) : Optional.empty();
      Optional<Evaluation> after = recompute(running.subject(), true);
      if (before.isPresent() && after.isPresent() && !after.get().summary().equals(before.get().sla())) {
        conversations.find(message.conversationId()).ifPresent(conversation -> changed.add(
            TicketViews.clocksMoved(before.get().withSla(after.get().summary()), conversation)));
      }
    }
    return changed;
  }

  /** What a message is to the clocks: a customer's message, an agent's reply (not a note, bot or automatic reply), or nothing. */
  static SlaEvent countedAs(Message message) {
    if (message.direction() == Direction.INBOUND && Author.CUSTOMER.equals(message.author().type())) {
      return new SlaEvent.CustomerMessage(message.createdAt());
    }
    if (message.direction() == Direction.OUTBOUND && Author.AGENT.equals(message.author().type())) {
      return new SlaEvent.AgentReply(message.createdAt());
    }
    return null;
  }

  /** The subject's clocks computed now, changing nothing; empty when it has none (or its policy is gone). */
  public Optional<Evaluation> evaluate(String subjectKey, Instant now) {
    return clocks.find(subjectKey).flatMap(found -> evaluate(found, now));
  }

  /** Clocks as read, computed now; empty when their policy is gone. */
  public Optional<Evaluation> evaluate(Clocks found, Instant now) {
    return policies.find(found.policyId()).map(policy -> {
      SlaClocks.Report report = SlaClocks.compute(policy.targets(), policy.warnBefore(), policy.calendar(), found.events(), now);
      return new Evaluation(found, policy, report, SlaSummary.of(policy.id(), report, found.breaches()), SlaAlarms.due(report,
          found.announced(), now));
    });
  }

  /**
   * Computes the subject's clocks again and shows them on its ticket and conversation.
   *
   * @param schedule whether to schedule its next alarm (not from the alarm's own run, which returns it)
   */
  public Optional<Evaluation> recompute(Subject subject, boolean schedule) {
    Instant now = clock.instant();
    Optional<Evaluation> evaluated = evaluate(subject.key(), now);
    evaluated.ifPresent(evaluation -> {
      show(evaluation);
      Instant next = evaluation.nextCheck(now);
      if (schedule && next != null) {
        timers.schedule(timerId(subject), KIND, subject.key(), next, now);
      }
    });
    return evaluated;
  }

  /** The evaluation once these alarms were recorded, without reading the clocks again (a run that raced nobody). */
  Evaluation afterAnnouncing(Evaluation evaluation, List<String> keys, List<SlaSummary.Breach> breaches, Instant now) {
    Set<String> announced = new HashSet<>(evaluation.clocks().announced());
    announced.addAll(keys);
    List<SlaSummary.Breach> recorded = new ArrayList<>(evaluation.clocks().breaches());
    recorded.addAll(breaches);
    Clocks found = evaluation.clocks();
    Clocks after = new Clocks(found.subject(), found.ticketNumber(), found.policyId(), found.active(), found.events(), Set.copyOf(announced),
        List.copyOf(recorded));
    return new Evaluation(after, evaluation.policy(), evaluation.report(), SlaSummary.of(evaluation.policy().id(), evaluation.report(),
        after.breaches()), SlaAlarms.due(evaluation.report(), after.announced(), now));
  }

  /** Shows many subjects' clocks on their tickets and conversations, in a command per collection. */
  void showAll(List<Evaluation> evaluations) {
    java.util.Map<String, SlaSummary> onTickets = new java.util.LinkedHashMap<>();
    java.util.Map<String, SlaSummary> onConversations = new java.util.LinkedHashMap<>();
    for (Evaluation evaluation : evaluations) {
      Subject subject = evaluation.clocks().subject();
      if (subject.isTicket()) {
        onTickets.put(subject.ticketId(), evaluation.summary());
      }
      if (evaluation.clocks().active()) {
        onConversations.put(subject.conversationId(), evaluation.summary());
      }
    }
    tickets.showSlaAll(onTickets);
    conversations.showSlaAll(onConversations);
  }

  private void show(Evaluation evaluation) {
    Subject subject = evaluation.clocks().subject();
    if (subject.isTicket()) {
      tickets.showSla(subject.ticketId(), evaluation.summary());
    }
    if (evaluation.clocks().active()) {
      conversations.showSla(subject.conversationId(), evaluation.summary());
    }
  }

  static String timerId(Subject subject) {
    return "sla:" + subject.key();
  }

  /**
   * The clocks follow queued conversations and messages once those changes are durable. Tickets need
   * no reaction: every ticket change goes through {@link TicketDesk}, which tracks its clocks in the
   * change's own write.
   */
  public Reaction reaction() {
    return new Reaction() {
      @Override
      public String name() {
        return "sla";
      }

      @Override
      public boolean wants(EventLog.Logged event) {
        return switch (event.event()) {
          case MessageCreated created -> countedAs(created.message()) != null;
          case ConversationCreated created -> created.conversation().queueId() != null;
          case ConversationUpdated updated -> !updated.onlyRead()
              && (updated.conversation().queueId() != null || updated.conversation().sla() != null);
          case null, default -> false;
        };
      }

      @Override
      public List<HubEvent> react(EventLog.Logged event) {
        switch (event.event()) {
          case MessageCreated created -> {
            return trackMessage(created.message());
          }
          case ConversationCreated created -> conversations.find(created.conversation().id())
              .ifPresent(conversation -> trackConversation(conversation, false));
          case ConversationUpdated updated -> conversations.find(updated.conversation().id())
              .ifPresent(conversation -> trackConversation(conversation, updated.changes().contains("status")));
          case null, default -> {
          }
        }
        return List.of();
      }
    };
  }
}
