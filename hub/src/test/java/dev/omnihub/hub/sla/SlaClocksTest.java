package dev.omnihub.hub.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.businesstime.BusinessCalendar;
import dev.omnihub.hub.businesstime.DailyHours;
import dev.omnihub.hub.businesstime.Span;
import dev.omnihub.hub.sla.SlaClocks.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The three clocks as the contract defines them, in the business hours of an office in Berlin (Monday
 * to Friday, 09:00-17:00; 2 March 2026 is a Monday), at the edges where peers get them wrong: a
 * first-response clock that stops at the first agent reply, a next-response clock that does not run
 * after resolution, a resolution clock paused while pending, priority changes from the same start.
 */
class SlaClocksTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final BusinessCalendar OFFICE = office();
  private static final Map<String, Targets> TARGETS = Map.of(
      "normal", new Targets(Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(8)),
      "urgent", new Targets(Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(2)),
      "low", new Targets(Duration.ofHours(4), null, null));
  private static final Duration WARN = Duration.ofMinutes(10);

  private static BusinessCalendar office() {
    Map<DayOfWeek, List<DailyHours>> week = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
      week.put(day, List.of(DailyHours.parse("09:00", "17:00")));
    }
    return BusinessCalendar.of(BERLIN, week, List.of());
  }

  private static Instant at(String local) {
    return ZonedDateTime.ofLocal(LocalDateTime.parse(local), BERLIN, null).toInstant();
  }

  private static SlaClocks.Report clocks(String now, SlaEvent... history) {
    return SlaClocks.compute(TARGETS, WARN, OFFICE, List.of(history), at(now));
  }

  private static SlaEvent started(String at) {
    return new SlaEvent.Started(at(at), "normal");
  }

  @Test
  void firstResponseIsDueInBusinessHoursAndMetByTheFirstAgentReply() {
    Clock first = clocks("2026-03-03T12:00", started("2026-03-02T16:30"), new SlaEvent.CustomerMessage(at("2026-03-02T16:40")),
        new SlaEvent.AgentReply(at("2026-03-02T16:50")), new SlaEvent.AgentReply(at("2026-03-03T10:00")))
        .clock(SlaTarget.FIRST_RESPONSE);
    assertThat(first.dueAt()).isEqualTo(at("2026-03-03T09:30"));
    assertThat(first.warnAt()).as("ten business minutes before").isEqualTo(at("2026-03-03T09:20"));
    assertThat(first.metAt()).isEqualTo(at("2026-03-02T16:50"));
    assertThat(first.breachedAt()).isNull();
    assertThat(first.counted()).as("what a supervisor checks by hand: 30 minutes Monday, 30 Tuesday").containsExactly(
        new Span(at("2026-03-02T16:30"), at("2026-03-02T17:00")), new Span(at("2026-03-03T09:00"), at("2026-03-03T09:30")));
  }

  @Test
  void firstResponseBreachesAtItsDueTimeWhileNobodyReplies() {
    Clock running = clocks("2026-03-03T09:30", started("2026-03-02T16:30")).clock(SlaTarget.FIRST_RESPONSE);
    assertThat(running.running()).isTrue();
    assertThat(running.breachedAt()).isEqualTo(at("2026-03-03T09:30"));
    Clock notYet = clocks("2026-03-03T09:29", started("2026-03-02T16:30")).clock(SlaTarget.FIRST_RESPONSE);
    assertThat(notYet.breachedAt()).isNull();
    Clock late = clocks("2026-03-04T09:00", started("2026-03-02T16:30"), new SlaEvent.AgentReply(at("2026-03-03T11:00")))
        .clock(SlaTarget.FIRST_RESPONSE);
    assertThat(late.metAt()).isEqualTo(at("2026-03-03T11:00"));
    assertThat(late.breachedAt()).as("met, but late").isEqualTo(at("2026-03-03T09:30"));
  }

  @Test
  void aReplyExactlyAtTheDueTimeIsInTime() {
    Clock first = clocks("2026-03-03T12:00", started("2026-03-02T09:00"), new SlaEvent.AgentReply(at("2026-03-02T10:00")))
        .clock(SlaTarget.FIRST_RESPONSE);
    assertThat(first.breachedAt()).isNull();
  }

  @Test
  void nextResponseStartsWithACustomerMessageAfterAReplyAndIsMetByTheNextReply() {
    SlaClocks.Report report = clocks("2026-03-03T12:00", started("2026-03-02T09:00"),
        new SlaEvent.CustomerMessage(at("2026-03-02T09:10")), // before the first reply: the first clock runs, no next one
        new SlaEvent.AgentReply(at("2026-03-02T09:30")),
        new SlaEvent.CustomerMessage(at("2026-03-02T10:00")),
        new SlaEvent.CustomerMessage(at("2026-03-02T10:30")), // the next clock already runs: not restarted
        new SlaEvent.AgentReply(at("2026-03-02T11:00")),
        new SlaEvent.CustomerMessage(at("2026-03-02T16:00")));
    List<Clock> next = report.clocks().stream().filter(clock -> clock.target() == SlaTarget.NEXT_RESPONSE).toList();
    assertThat(next).hasSize(2);
    assertThat(next.get(0).start()).isEqualTo(at("2026-03-02T10:00"));
    assertThat(next.get(0).metAt()).isEqualTo(at("2026-03-02T11:00"));
    assertThat(next.get(1).start()).isEqualTo(at("2026-03-02T16:00"));
    assertThat(next.get(1).dueAt()).as("one hour Monday, one Tuesday").isEqualTo(at("2026-03-03T10:00"));
    assertThat(next.get(1).breachedAt()).isEqualTo(at("2026-03-03T10:00"));
  }

  @Test
  void solvingStopsTheResponseClocksWithoutABreach() {
    SlaClocks.Report report = clocks("2026-03-10T12:00", started("2026-03-02T09:00"), new SlaEvent.AgentReply(at("2026-03-02T09:30")),
        new SlaEvent.CustomerMessage(at("2026-03-02T10:00")), new SlaEvent.StatusChanged(at("2026-03-02T10:30"), "solved"),
        new SlaEvent.CustomerMessage(at("2026-03-02T10:40"))); // a thank-you on a solved ticket starts nothing
    Clock next = report.clock(SlaTarget.NEXT_RESPONSE);
    assertThat(next.stoppedAt()).isEqualTo(at("2026-03-02T10:30"));
    assertThat(next.breachedAt()).as("a week later, still no breach").isNull();
    assertThat(report.clocks().stream().filter(clock -> clock.target() == SlaTarget.NEXT_RESPONSE)).hasSize(1);
    assertThat(report.clock(SlaTarget.RESOLUTION).metAt()).isEqualTo(at("2026-03-02T10:30"));
    assertThat(report.breaches()).isEmpty();
  }

  @Test
  void resolutionIsPausedWhilePendingAndItsDueTimeMovesByThePausedBusinessTime() {
    SlaClocks.Report report = clocks("2026-03-04T12:00", started("2026-03-02T09:00"),
        new SlaEvent.StatusChanged(at("2026-03-02T10:00"), "pending"), new SlaEvent.StatusChanged(at("2026-03-03T10:00"), "open"));
    Clock resolution = report.clock(SlaTarget.RESOLUTION);
    assertThat(resolution.dueAt()).as("8 h: 1 before the pause, 7 after it").isEqualTo(at("2026-03-03T17:00"));
    assertThat(resolution.pauses()).containsExactly(new Span(at("2026-03-02T10:00"), at("2026-03-03T10:00")));
    assertThat(resolution.counted()).containsExactly(new Span(at("2026-03-02T09:00"), at("2026-03-02T10:00")),
        new Span(at("2026-03-03T10:00"), at("2026-03-03T17:00")));
    assertThat(resolution.breachedAt()).as("still running a day after its due time").isEqualTo(at("2026-03-03T17:00"));
  }

  @Test
  void whilePendingTheResolutionClockHasNoDueTimeAndCannotBreach() {
    Clock resolution = clocks("2026-03-11T12:00", started("2026-03-02T09:00"),
        new SlaEvent.StatusChanged(at("2026-03-02T10:00"), "onHold")).clock(SlaTarget.RESOLUTION);
    assertThat(resolution.paused()).isTrue();
    assertThat(resolution.dueAt()).isNull();
    assertThat(resolution.breachedAt()).isNull();
    assertThat(resolution.pauses()).containsExactly(new Span(at("2026-03-02T10:00"), at("2026-03-11T12:00")));
  }

  @Test
  void aBreachBeforeThePauseStaysABreach() {
    Clock resolution = clocks("2026-03-04T12:00", started("2026-03-02T09:00"),
        new SlaEvent.StatusChanged(at("2026-03-03T09:30"), "pending")).clock(SlaTarget.RESOLUTION);
    assertThat(resolution.dueAt()).isEqualTo(at("2026-03-02T17:00"));
    assertThat(resolution.breachedAt()).isEqualTo(at("2026-03-02T17:00"));
  }

  @Test
  void solvedWhilePendingCountsThePendingTimeAsPaused() {
    Clock resolution = clocks("2026-03-06T12:00", started("2026-03-02T09:00"),
        new SlaEvent.StatusChanged(at("2026-03-02T10:00"), "pending"), new SlaEvent.StatusChanged(at("2026-03-04T12:00"), "solved"))
        .clock(SlaTarget.RESOLUTION);
    assertThat(resolution.metAt()).isEqualTo(at("2026-03-04T12:00"));
    assertThat(resolution.breachedAt()).isNull();
  }

  @Test
  void aReopenedTicketsResolutionClockGoesOnWithTheSolvedTimePaused() {
    Clock resolution = clocks("2026-03-03T12:00", started("2026-03-02T09:00"),
        new SlaEvent.StatusChanged(at("2026-03-02T12:00"), "solved"), new SlaEvent.StatusChanged(at("2026-03-03T09:00"), "open"),
        new SlaEvent.CustomerMessage(at("2026-03-03T09:00"))).clock(SlaTarget.RESOLUTION);
    assertThat(resolution.running()).isTrue();
    assertThat(resolution.dueAt()).as("3 h Monday, 5 h Tuesday").isEqualTo(at("2026-03-03T14:00"));
  }

  @Test
  void aPriorityChangeRecomputesTheDueTimesFromTheSameStart() {
    SlaClocks.Report report = clocks("2026-03-02T09:10", started("2026-03-02T09:00"),
        new SlaEvent.PriorityChanged(at("2026-03-02T09:05"), "urgent"));
    assertThat(report.priority()).isEqualTo("urgent");
    assertThat(report.clock(SlaTarget.FIRST_RESPONSE).dueAt()).isEqualTo(at("2026-03-02T09:15"));
    assertThat(report.clock(SlaTarget.RESOLUTION).dueAt()).isEqualTo(at("2026-03-02T11:00"));
  }

  @Test
  void aTargetThePolicyLeavesOutIsNotMeasured() {
    SlaClocks.Report report = SlaClocks.compute(TARGETS, null, OFFICE, List.of(new SlaEvent.Started(at("2026-03-02T09:00"), "low"),
        new SlaEvent.AgentReply(at("2026-03-02T09:30")), new SlaEvent.CustomerMessage(at("2026-03-02T10:00"))), at("2026-03-09T09:00"));
    assertThat(report.clocks()).extracting(Clock::target).containsExactly(SlaTarget.FIRST_RESPONSE);
    assertThat(report.clock(SlaTarget.FIRST_RESPONSE).warnAt()).as("no warnBefore, no warning").isNull();
  }

  @Test
  void aHistoryWithoutAStartHasNoClocks() {
    assertThat(clocks("2026-03-02T09:00", new SlaEvent.CustomerMessage(at("2026-03-02T08:00"))).clocks()).isEmpty();
  }

  @Test
  void acrossTheSpringChangeTheDueTimeKeepsLocalOfficeHours() {
    // Friday 27 March 16:00 (UTC+1) + 8 business hours = Monday 30 March 16:00 (UTC+2).
    Clock resolution = clocks("2026-03-27T16:00", started("2026-03-27T16:00")).clock(SlaTarget.RESOLUTION);
    assertThat(resolution.dueAt()).isEqualTo(Instant.parse("2026-03-30T14:00:00Z"));
  }

  /**
   * Random histories (replies, messages, status changes, priority changes over two weeks): whatever
   * happened, a clock with a due time counted exactly its promise outside its pauses, breached only if
   * it was still running at its due time, and warned no later than it was due.
   */
  @Test
  void whatAClockCountedIsItsPromiseWhateverHappened() {
    long seed = Long.getLong("sla.seed", System.nanoTime());
    Random random = new Random(seed);
    String[] statuses = {"open", "pending", "onHold", "solved", "open"};
    String[] priorities = {"low", "normal", "urgent"};
    for (int run = 0; run < 500; run++) {
      Instant start = at("2026-03-02T08:00").plusSeconds(random.nextInt(5 * 24 * 3600));
      List<SlaEvent> history = new ArrayList<>(List.of(new SlaEvent.Started(start, priorities[random.nextInt(2) + 1])));
      for (int i = 0; i < random.nextInt(12); i++) {
        Instant when = start.plusSeconds(random.nextInt(10 * 24 * 3600));
        history.add(switch (random.nextInt(4)) {
          case 0 -> new SlaEvent.AgentReply(when);
          case 1 -> new SlaEvent.CustomerMessage(when);
          case 2 -> new SlaEvent.StatusChanged(when, statuses[random.nextInt(statuses.length)]);
          default -> new SlaEvent.PriorityChanged(when, priorities[random.nextInt(priorities.length)]);
        });
      }
      Instant now = start.plusSeconds(random.nextInt(14 * 24 * 3600));
      SlaClocks.Report report = SlaClocks.compute(TARGETS, WARN, OFFICE, history, now);
      for (Clock clock : report.clocks()) {
        if (clock.dueAt() == null) {
          assertThat(clock.breachedAt()).as("seed %d", seed).isNull();
          continue;
        }
        Duration counted = clock.counted().stream().map(Span::duration).reduce(Duration.ZERO, Duration::plus);
        assertThat(counted).as("seed %d, %s", seed, clock).isEqualTo(clock.promised());
        assertThat(clock.warnAt()).as("seed %d", seed).isBeforeOrEqualTo(clock.dueAt());
        Instant ended = clock.metAt() != null ? clock.metAt() : clock.stoppedAt();
        boolean runningAtDue = ended != null ? ended.isAfter(clock.dueAt()) : !now.isBefore(clock.dueAt());
        assertThat(clock.breachedAt() != null).as("seed %d, %s", seed, clock).isEqualTo(runningAtDue);
      }
    }
  }
}
