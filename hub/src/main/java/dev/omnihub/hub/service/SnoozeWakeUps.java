package dev.omnihub.hub.service;

import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.StatusChange;
import dev.omnihub.hub.events.ConversationUpdated;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.timers.TimerHandler;
import dev.omnihub.hub.timers.TimerKind;
import dev.omnihub.hub.timers.TimerStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Snoozed conversations open again when their time comes, for the agent who holds them, with a line in
 * the timeline saying so. A timer per snoozed conversation ({@value #TIMER_PREFIX}{@code <id>}), run
 * once across the nodes like every timer; the conversation says whether it is still due (an agent's
 * change or a customer's message meanwhile makes the run a no-op), so the timer need not be cancelled
 * in time.
 */
public final class SnoozeWakeUps implements TimerHandler {

  public static final TimerKind KIND = new TimerKind("conversation.wake", 10);
  private static final String TIMER_PREFIX = "conversation.wake:";

  private final PublishingStore store;
  private final ConversationStore conversations;
  private final SystemLines systemLines;
  private final TimerStore timers;
  private final Clock clock;

  public SnoozeWakeUps(PublishingStore store, ConversationStore conversations, SystemLines systemLines, TimerStore timers, Clock clock) {
    this.store = store;
    this.conversations = conversations;
    this.systemLines = systemLines;
    this.timers = timers;
    this.clock = clock;
  }

  /** The conversation wakes at {@code until} (a later snooze than a waiting one moves it on when that fires). Blocking. */
  public void schedule(String conversationId, Instant until) {
    timers.schedule(TIMER_PREFIX + conversationId, KIND, conversationId, until, clock.instant());
  }

  /** The conversation left its snooze before its time. Blocking. */
  public void cancel(String conversationId) {
    timers.cancel(TIMER_PREFIX + conversationId);
  }

  @Override
  public Future<Rerun> fire(TimerStore.Timer timer) {
    return store.writeAndPublish(() -> {
      Instant now = clock.instant();
      Optional<Conversation> found = conversations.find(timer.subjectId());
      if (found.isEmpty() || found.get().status() != ConversationStatus.SNOOZED || found.get().snoozedUntil() == null) {
        return Outcome.of(now);
      }
      Instant until = found.get().snoozedUntil();
      if (until.isAfter(now)) {
        // Snoozed again for longer since this timer was set: scheduled again, so that completing this run leaves it due then.
        timers.schedule(timer.id(), KIND, timer.subjectId(), until, now);
        return Outcome.of(until);
      }
      return new Outcome<>(now, wake(found.get()));
    }).map(Rerun::ifChanged);
  }

  private List<HubEvent> wake(Conversation snoozed) {
    Optional<StatusChange> woken = conversations.endSnooze(snoozed);
    if (woken.isEmpty()) {
      return List.of();
    }
    Conversation after = woken.get().after();
    List<HubEvent> events = new ArrayList<>();
    events.add(new ConversationUpdated(after, List.of("status"), snoozed.assigneeId()));
    events.addAll(systemLines.write(after, "The snooze ended: the conversation is open again", SystemLines.HUB).events());
    return events;
  }
}
