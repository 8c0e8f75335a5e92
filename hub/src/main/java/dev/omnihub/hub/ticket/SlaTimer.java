package dev.omnihub.hub.ticket;

import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.events.SlaAlarmRaised;
import dev.omnihub.hub.sla.SlaAlarms;
import dev.omnihub.hub.sla.SlaSummary;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.timers.TimerHandler;
import dev.omnihub.hub.timers.TimerStore;
import dev.omnihub.hub.views.Views;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Announces a subject's SLA warnings and breaches when they fall due: each is recorded once in its
 * clocks ({@link SlaClockStore#announceAll}) in the same write as its event, so a timer run again after a
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
    return fireAll(List.of(timer)).compose(fired -> fired.get(0).failure() == null ? Future.succeededFuture(fired.get(0).rerun())
        : Future.failedFuture(fired.get(0).failure()));
  }

  /**
   * Runs many subjects' alarms in one write: their clocks and conversations read in a command each,
   * their alarms recorded in one ({@link SlaClockStore#announceAll}), their events logged together and
   * their new clocks shown on tickets and conversations in a command each. A subject whose alarms
   * another run recorded meanwhile, or whose breach changed its ticket ({@code onBreach}), is read
   * again on its own.
   */
  @Override
  public Future<List<Fired>> fireAll(List<TimerStore.Timer> due) {
    return store.writeAndPublish(() -> {
      Instant now = clock.instant();
      SlaTracker sla = desk.sla();
      Map<String, SlaClockStore.Clocks> clocks = sla.clocks().findAll(due.stream().map(TimerStore.Timer::subjectId).toList());
      Map<String, ConversationStore.Audience> audiences = conversations.audiencesOf(clocks.values().stream()
          .map(found -> found.subject().conversationId()).distinct().toList());
      Map<String, SlaTracker.Evaluation> evaluations = new LinkedHashMap<>();
      List<SlaClockStore.Announcement> announcements = new ArrayList<>();
      for (SlaClockStore.Clocks found : clocks.values()) {
        if (!audiences.containsKey(found.subject().conversationId())) {
          continue; // erased with its conversation
        }
        sla.evaluate(found, now).ifPresent(evaluation -> {
          evaluations.put(found.subject().key(), evaluation);
          if (!evaluation.due().now().isEmpty()) {
            announcements.add(announcement(evaluation, now));
          }
        });
      }
      Set<String> ours = sla.clocks().announceAll(announcements, Ids.newId());
      List<HubEvent> events = new ArrayList<>();
      List<SlaTracker.Evaluation> shown = new ArrayList<>();
      Map<String, Instant> next = new HashMap<>();
      for (SlaClockStore.Announcement announcement : announcements) {
        SlaClockStore.Subject subject = announcement.subject();
        SlaTracker.Evaluation evaluation = evaluations.get(subject.key());
        if (!ours.contains(subject.key())) {
          next.put(subject.key(), sla.recompute(subject, false).map(after -> after.nextCheck(now)).orElse(null));
          continue;
        }
        ConversationStore.Audience audience = audiences.get(subject.conversationId());
        boolean changedMore = false;
        for (SlaAlarms.Alarm alarm : evaluation.due().now()) {
          events.add(new SlaAlarmRaised(alarm.kind().eventType(), view(evaluation, alarm, ticketNumber(evaluation), now),
              audience.assigneeId(), audience.queueId()));
          if (alarm.kind() == SlaAlarms.Kind.BREACH && evaluation.policy().onBreach().doesAnything()) {
            List<HubEvent> breached = desk.breached(evaluation, conversations.require(subject.conversationId()));
            changedMore |= !breached.isEmpty();
            events.addAll(breached);
          }
        }
        if (changedMore) {
          next.put(subject.key(), sla.recompute(subject, false).map(after -> after.nextCheck(now)).orElse(null));
        } else {
          SlaTracker.Evaluation after = sla.afterAnnouncing(evaluation, announcement.keys(), announcement.breaches(), now);
          shown.add(after);
          next.put(subject.key(), after.nextCheck(now));
        }
      }
      sla.showAll(shown);
      List<Fired> fired = due.stream().map(timer -> {
        SlaTracker.Evaluation evaluation = evaluations.get(timer.subjectId());
        Instant at = next.containsKey(timer.subjectId()) ? next.get(timer.subjectId()) : evaluation == null ? null : evaluation.nextCheck(now);
        return Fired.ran(timer, at == null ? Rerun.ifChanged(now) : Rerun.at(at));
      }).toList();
      return new Outcome<>(fired, events);
    });
  }

  /** The alarms due now, as one record for the subject: their keys and, for breaches, the breach recorded now. */
  private static SlaClockStore.Announcement announcement(SlaTracker.Evaluation evaluation, Instant now) {
    List<String> keys = new ArrayList<>();
    List<SlaSummary.Breach> breaches = new ArrayList<>();
    for (SlaAlarms.Alarm alarm : evaluation.due().now()) {
      keys.add(alarm.key());
      if (alarm.kind() == SlaAlarms.Kind.BREACH) {
        breaches.add(new SlaSummary.Breach(alarm.clock().target().wireName(), alarm.clock().dueAt(), now));
      }
    }
    return new SlaClockStore.Announcement(evaluation.clocks().subject(), List.copyOf(keys), List.copyOf(breaches));
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
