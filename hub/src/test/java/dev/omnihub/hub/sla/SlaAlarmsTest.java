package dev.omnihub.hub.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.businesstime.BusinessCalendar;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the clocks announce and when they look again: each warning and breach once, none for a met clock. */
class SlaAlarmsTest {

  private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
  private static final Map<String, Targets> TARGETS = Map.of("normal",
      new Targets(Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(4)));
  private static final Duration WARN = Duration.ofMinutes(10);

  private static SlaClocks.Report clocks(Instant now, SlaEvent... history) {
    return SlaClocks.compute(TARGETS, WARN, BusinessCalendar.aroundTheClock(), List.of(history), now);
  }

  @Test
  void theNextLookIsTheEarliestWarningThenEachAlarmIsDueOnceItsTimeCame() {
    SlaEvent started = new SlaEvent.Started(START, "normal");
    Set<String> announced = new HashSet<>();

    SlaAlarms.Due atStart = SlaAlarms.due(clocks(START, started), announced, START);
    assertThat(atStart.now()).isEmpty();
    assertThat(atStart.next()).as("first response's warning").isEqualTo(START.plus(Duration.ofMinutes(20)));

    Instant warned = START.plus(Duration.ofMinutes(21));
    SlaAlarms.Due warning = SlaAlarms.due(clocks(warned, started), announced, warned);
    assertThat(warning.now()).extracting(SlaAlarms.Alarm::kind).containsExactly(SlaAlarms.Kind.WARNING);
    warning.now().forEach(alarm -> announced.add(alarm.key()));
    assertThat(SlaAlarms.due(clocks(warned, started), announced, warned).now()).as("announced once").isEmpty();
    assertThat(SlaAlarms.due(clocks(warned, started), announced, warned).next()).as("then its due time")
        .isEqualTo(START.plus(Duration.ofMinutes(30)));

    Instant late = START.plus(Duration.ofMinutes(31));
    SlaAlarms.Due breach = SlaAlarms.due(clocks(late, started), announced, late);
    assertThat(breach.now()).extracting(alarm -> alarm.clock().target()).containsExactly(SlaTarget.FIRST_RESPONSE);
    assertThat(breach.now().get(0).kind()).isEqualTo(SlaAlarms.Kind.BREACH);
    assertThat(breach.now().get(0).key()).isEqualTo("breach:firstResponse:" + START);
  }

  @Test
  void aClockMetInTimeAnnouncesNothingAndABreachSkipsItsWarning() {
    SlaEvent started = new SlaEvent.Started(START, "normal");
    SlaEvent reply = new SlaEvent.AgentReply(START.plus(Duration.ofMinutes(5)));
    Instant later = START.plus(Duration.ofMinutes(45));
    SlaAlarms.Due met = SlaAlarms.due(clocks(later, started, reply), Set.of(), later);
    assertThat(met.now()).isEmpty();
    assertThat(met.next()).as("only resolution is left: its warning").isEqualTo(START.plus(Duration.ofMinutes(230)));

    SlaAlarms.Due overdue = SlaAlarms.due(clocks(later, started), Set.of(), later);
    assertThat(overdue.now()).as("a hub that was down past the due time breaches without a late warning")
        .extracting(SlaAlarms.Alarm::kind).containsExactly(SlaAlarms.Kind.BREACH);
  }

  @Test
  void eachNextResponseCycleHasItsOwnAlarms() {
    SlaEvent started = new SlaEvent.Started(START, "normal");
    Instant firstQuestion = START.plus(Duration.ofMinutes(10));
    Instant secondQuestion = START.plus(Duration.ofHours(3));
    Instant now = START.plus(Duration.ofHours(5));
    SlaClocks.Report report = clocks(now, started, new SlaEvent.AgentReply(START.plus(Duration.ofMinutes(1))),
        new SlaEvent.CustomerMessage(firstQuestion), new SlaEvent.AgentReply(START.plus(Duration.ofHours(2))),
        new SlaEvent.CustomerMessage(secondQuestion));
    assertThat(SlaAlarms.due(report, Set.of(), now).now()).extracting(SlaAlarms.Alarm::key)
        .containsExactlyInAnyOrder("breach:nextResponse:" + firstQuestion, "breach:nextResponse:" + secondQuestion,
            "breach:resolution:" + START);
  }
}
