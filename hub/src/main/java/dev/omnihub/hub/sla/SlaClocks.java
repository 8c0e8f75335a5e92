package dev.omnihub.hub.sla;

import dev.omnihub.hub.businesstime.BusinessCalendar;
import dev.omnihub.hub.businesstime.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A ticket's SLA clocks, computed from its history alone (pure; nothing stored here): the same
 * history always gives the same due times, and the computation is its own explanation.
 *
 * <ul>
 *   <li>First response: from the start until the first agent reply; due at start + target.</li>
 *   <li>Next response: each customer message that arrives while no response clock runs (an agent has
 *       replied, or the first clock was stopped) starts one; the next agent reply meets it.</li>
 *   <li>Resolution: from the start until solved or closed, paused while {@code pending}, {@code onHold}
 *       (and solved, should it be reopened): the due time moves by the paused business time.</li>
 * </ul>
 * Solving or closing stops the response clocks without a breach: nobody waits for an answer on a
 * solved ticket (peers' next-response clocks that keep running after resolution are the bug this
 * avoids). Every due time uses the targets of the priority the ticket has now, from the same start.
 * A clock breaches when it is still running at its due time: met late, stopped late, or running now.
 */
public final class SlaClocks {

  private static final Set<String> PAUSING = Set.of("pending", "onHold", "solved", "closed");
  private static final Set<String> FINISHING = Set.of("solved", "closed");

  private SlaClocks() {
  }

  /** One clock: a target's start, what it counted, its pauses, its due time and how it ended. */
  public record Clock(SlaTarget target, Duration promised, Instant start, Instant dueAt, Instant warnAt, Instant metAt,
      Instant stoppedAt, boolean paused, List<Span> counted, List<Span> pauses, Instant breachedAt) {

    public boolean running() {
      return metAt == null && stoppedAt == null;
    }
  }

  /** Every clock of a ticket, next-response clocks in the order they ran. */
  public record Report(String priority, List<Clock> clocks) {

    /** The clock of that target (for next response, the latest), or {@code null} when it never ran. */
    public Clock clock(SlaTarget target) {
      Clock last = null;
      for (Clock clock : clocks) {
        if (clock.target() == target) {
          last = clock;
        }
      }
      return last;
    }

    public List<Clock> breaches() {
      return clocks.stream().filter(clock -> clock.breachedAt() != null).toList();
    }
  }

  /** A clock while the history is walked. */
  private static final class Running {
    final SlaTarget target;
    final Instant start;
    Instant metAt;
    Instant stoppedAt;

    Running(SlaTarget target, Instant start) {
      this.target = target;
      this.start = start;
    }

    boolean running() {
      return metAt == null && stoppedAt == null;
    }
  }

  /**
   * @param targets    the policy's targets by priority ({@code urgent}, {@code high}, {@code normal}, {@code low})
   * @param warnBefore how much business time before a due time the warning comes, or {@code null}
   * @return the clocks as of {@code now}; none before the history's {@link SlaEvent.Started}
   */
  public static Report compute(Map<String, Targets> targets, Duration warnBefore, BusinessCalendar calendar, List<SlaEvent> history,
      Instant now) {
    List<SlaEvent> events = new ArrayList<>(history);
    events.sort(Comparator.comparing(SlaEvent::at));
    SlaEvent.Started started = events.stream().filter(SlaEvent.Started.class::isInstance).map(SlaEvent.Started.class::cast)
        .findFirst().orElse(null);
    if (started == null) {
      return new Report(null, List.of());
    }
    String priority = started.priority();
    String status = "open";
    Running first = new Running(SlaTarget.FIRST_RESPONSE, started.at());
    Running resolution = new Running(SlaTarget.RESOLUTION, started.at());
    List<Running> next = new ArrayList<>();
    List<Span> pauses = new ArrayList<>();
    Instant pausedFrom = null;
    for (SlaEvent event : events) {
      if (event.at().isBefore(started.at()) || event == started) {
        continue;
      }
      Running latestNext = next.isEmpty() ? null : next.get(next.size() - 1);
      switch (event) {
        case SlaEvent.Started ignored -> {
          // Only the first start counts; a second escalation raises the level, not the clocks.
        }
        case SlaEvent.PriorityChanged changed -> priority = changed.priority();
        case SlaEvent.AgentReply reply -> {
          if (first.running()) {
            first.metAt = reply.at();
          }
          if (latestNext != null && latestNext.running()) {
            latestNext.metAt = reply.at();
          }
        }
        case SlaEvent.CustomerMessage message -> {
          if (!FINISHING.contains(status) && !first.running() && (latestNext == null || !latestNext.running())) {
            next.add(new Running(SlaTarget.NEXT_RESPONSE, message.at()));
          }
        }
        case SlaEvent.StatusChanged change -> {
          String to = change.status();
          if (PAUSING.contains(to) && pausedFrom == null) {
            pausedFrom = change.at();
          } else if (!PAUSING.contains(to) && pausedFrom != null) {
            if (change.at().isAfter(pausedFrom)) {
              pauses.add(new Span(pausedFrom, change.at()));
            }
            pausedFrom = null;
          }
          if (FINISHING.contains(to)) {
            if (first.running()) {
              first.stoppedAt = change.at();
            }
            if (latestNext != null && latestNext.running()) {
              latestNext.stoppedAt = change.at();
            }
            if (resolution.metAt == null) {
              resolution.metAt = change.at();
            }
          } else if (FINISHING.contains(status)) {
            resolution.metAt = null; // reopened: the time it was solved is a pause
          }
          status = to;
        }
      }
    }
    Targets promised = targets.get(priority);
    List<Clock> clocks = new ArrayList<>();
    if (promised != null) {
      add(clocks, first, promised, warnBefore, calendar, List.of(), null, now);
      for (Running cycle : next) {
        add(clocks, cycle, promised, warnBefore, calendar, List.of(), null, now);
      }
      // A pause going on: open-ended while the clock runs; up to the solve when it was solved while paused.
      List<Span> resolutionPauses = new ArrayList<>(pauses);
      Instant ongoingPause = null;
      if (pausedFrom != null && resolution.running()) {
        ongoingPause = pausedFrom;
      } else if (pausedFrom != null && resolution.metAt.isAfter(pausedFrom)) {
        resolutionPauses.add(new Span(pausedFrom, resolution.metAt));
      }
      add(clocks, resolution, promised, warnBefore, calendar, resolutionPauses, ongoingPause, now);
    }
    return new Report(priority, List.copyOf(clocks));
  }

  private static void add(List<Clock> clocks, Running clock, Targets promised, Duration warnBefore, BusinessCalendar calendar,
      List<Span> pauses, Instant ongoingPause, Instant now) {
    Duration target = promised.of(clock.target);
    if (target == null) {
      return;
    }
    Instant due = dueAfter(calendar, clock.start, target, pauses, ongoingPause);
    Instant warn = warnBefore == null ? null
        : dueAfter(calendar, clock.start, target.compareTo(warnBefore) > 0 ? target.minus(warnBefore) : Duration.ZERO, pauses, ongoingPause);
    Instant ended = clock.metAt != null ? clock.metAt : clock.stoppedAt;
    Instant breached = due != null && (ended != null ? ended.isAfter(due) : !now.isBefore(due)) ? due : null;
    List<Span> allPauses = new ArrayList<>(pauses);
    if (ongoingPause != null && now.isAfter(ongoingPause)) {
      allPauses.add(new Span(ongoingPause, now));
    }
    Instant countedUntil = due != null ? due : now;
    List<Span> counted = without(calendar.spans(clock.start, countedUntil), allPauses);
    clocks.add(new Clock(clock.target, target, clock.start, due, warn, clock.metAt, clock.stoppedAt, due == null, counted,
        List.copyOf(allPauses), breached));
  }

  /**
   * When {@code amount} of business time from {@code start} has run, not counting the pauses;
   * {@code null} when it runs into the pause still going on (the due time is not known until it ends).
   */
  static Instant dueAfter(BusinessCalendar calendar, Instant start, Duration amount, List<Span> pauses, Instant ongoingPause) {
    Instant cursor = start;
    Duration left = amount;
    for (Span pause : pauses) {
      if (!pause.end().isAfter(cursor)) {
        continue;
      }
      Instant pauseFrom = pause.start().isBefore(cursor) ? cursor : pause.start();
      Duration before = calendar.between(cursor, pauseFrom);
      if (left.compareTo(before) <= 0) {
        return calendar.plus(cursor, left);
      }
      left = left.minus(before);
      cursor = pause.end();
    }
    if (ongoingPause != null) {
      Instant pauseFrom = ongoingPause.isBefore(cursor) ? cursor : ongoingPause;
      Duration before = calendar.between(cursor, pauseFrom);
      return left.compareTo(before) <= 0 ? calendar.plus(cursor, left) : null;
    }
    return calendar.plus(cursor, left);
  }

  /** The spans with the pauses cut out. */
  private static List<Span> without(List<Span> spans, List<Span> pauses) {
    List<Span> left = new ArrayList<>(spans);
    for (Span pause : pauses) {
      List<Span> cut = new ArrayList<>();
      for (Span span : left) {
        if (!pause.end().isAfter(span.start()) || !pause.start().isBefore(span.end())) {
          cut.add(span);
          continue;
        }
        if (pause.start().isAfter(span.start())) {
          cut.add(new Span(span.start(), pause.start()));
        }
        if (pause.end().isBefore(span.end())) {
          cut.add(new Span(pause.end(), span.end()));
        }
      }
      left = cut;
    }
    return List.copyOf(left);
  }
}
