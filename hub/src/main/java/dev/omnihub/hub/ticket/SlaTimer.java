package dev.omnihub.hub.ticket;

import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.events.SlaAlarmRaised;
import dev.omnihub.hub.sla.SlaAlarms;
import dev.omnihub.hub.sla.SlaSummary;
import dev.omnihub.hub.timers.TimerHandler;
import dev.omnihub.hub.timers.TimerStore;
import dev.omnihub.hub.views.Views;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Announces a subject's SLA warnings and breaches when they fall due: each is recorded once in its
 * clocks ({@link SlaClockStore#announce}) in the same write as its event, so a timer run again after a
 * crash, or late, announces what is due and not yet recorded, and nothing twice. A breach is appended
 * to the clocks' breaches and does what the policy's {@code onBreach} says. Then the timer waits for
 * the next alarm.
 */
public final class SlaTimer implements TimerHandler {

  private final PublishingStore store;
  private final TicketDesk desk;
  private final ConversationStore conversations;
  private final Clock clock;

  public SlaTimer(PublishingStore store, TicketDesk desk, ConversationStore conversations, Clock clock) {
    this.store = store;
    this.desk = desk;
    this.conversations = conversations;
    this.clock = clock;
  }

  @Override
  public Future<Rerun> fire(TimerStore.Timer timer) {
    return store.writeAndPublish(() -> {
      Instant now = clock.instant();
      Optional<SlaTracker.Evaluation> evaluated = desk.sla().evaluate(timer.subjectId(), now);
      Optional<ConversationStore.Audience> audience = evaluated.flatMap(found -> conversations.audienceOf(
          found.clocks().subject().conversationId()));
      if (evaluated.isEmpty() || audience.isEmpty()) {
        return Outcome.of(Rerun.ifChanged(now)); // erased, or its policy is gone: nothing to announce
      }
      SlaTracker.Evaluation evaluation = evaluated.get();
      SlaClockStore.Subject subject = evaluation.clocks().subject();
      List<HubEvent> events = new ArrayList<>();
      Set<String> announced = new HashSet<>();
      List<SlaSummary.Breach> breaches = new ArrayList<>();
      boolean settled = true;
      for (SlaAlarms.Alarm alarm : evaluation.due().now()) {
        SlaSummary.Breach breach = alarm.kind() == SlaAlarms.Kind.BREACH
            ? new SlaSummary.Breach(alarm.clock().target().wireName(), alarm.clock().dueAt(), now) : null;
        if (!desk.sla().clocks().announce(subject, alarm.key(), breach)) {
          settled = false; // another run recorded it meanwhile
          continue;
        }
        announced.add(alarm.key());
        events.add(new SlaAlarmRaised(alarm.kind().eventType(), view(evaluation, alarm, ticketNumber(evaluation), now),
            audience.get().assigneeId(), audience.get().queueId()));
        if (breach != null) {
          breaches.add(breach);
          List<HubEvent> breached = evaluation.policy().onBreach().doesAnything()
              ? desk.breached(evaluation, conversations.require(subject.conversationId())) : List.of();
          settled &= breached.isEmpty();
          events.addAll(breached);
        }
      }
      // What this run alone changed is known; after a race or a breach's own changes, read the clocks again.
      Instant next = (settled ? Optional.of(desk.sla().announced(evaluation, announced, breaches, now)) : desk.sla().recompute(subject, false))
          .map(after -> after.nextCheck(now)).orElse(null);
      return new Outcome<>(next == null ? Rerun.ifChanged(now) : Rerun.at(next), events);
    });
  }

  private Long ticketNumber(SlaTracker.Evaluation evaluation) {
    SlaClockStore.Subject subject = evaluation.clocks().subject();
    if (!subject.isTicket() || evaluation.clocks().ticketNumber() != null) {
      return evaluation.clocks().ticketNumber();
    }
    return desk.tickets().find(subject.ticketId()).map(Ticket::number).orElse(null);
  }

  private static JsonObject view(SlaTracker.Evaluation evaluation, SlaAlarms.Alarm alarm, Long ticketNumber, Instant now) {
    SlaClockStore.Subject subject = evaluation.clocks().subject();
    JsonObject ticket = subject.isTicket() ? new JsonObject().put("id", subject.ticketId()).put("number", ticketNumber) : null;
    return new JsonObject()
        .put("conversationId", subject.conversationId())
        .put("ticket", ticket)
        .put("policyId", evaluation.policy().id())
        .put("target", alarm.clock().target().wireName())
        .put("priority", evaluation.report().priority())
        .put("dueAt", Views.time(alarm.clock().dueAt()))
        .put("warnAt", Views.time(alarm.clock().warnAt()))
        .put("at", now.toString());
  }
}
