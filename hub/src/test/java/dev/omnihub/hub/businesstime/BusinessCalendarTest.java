package dev.omnihub.hub.businesstime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Business-time arithmetic at every edge an SLA clock meets: opening and closing times, weekends,
 * holidays, several openings a day, a night shift past midnight, time zones east and west of UTC,
 * and the daylight-saving days of 2026 in Europe/Berlin (29 March, 25 October) and America/New_York
 * (8 March, 1 November). Dates of 2026: 2 March is a Monday.
 */
class BusinessCalendarTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");

  /** Monday to Friday, the same openings each day. */
  private static BusinessCalendar weekdays(ZoneId zone, List<String> holidays, String... openings) {
    Map<DayOfWeek, List<DailyHours>> week = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
      week.put(day, hours(openings));
    }
    return BusinessCalendar.of(zone, week, holidays.stream().map(LocalDate::parse).toList());
  }

  /** Every day of the week the same. */
  private static BusinessCalendar everyDay(ZoneId zone, String... openings) {
    Map<DayOfWeek, List<DailyHours>> week = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek day : DayOfWeek.values()) {
      week.put(day, hours(openings));
    }
    return BusinessCalendar.of(zone, week, List.of());
  }

  private static List<DailyHours> hours(String... openings) {
    List<DailyHours> parsed = new ArrayList<>();
    for (int i = 0; i < openings.length; i += 2) {
      parsed.add(DailyHours.parse(openings[i], openings[i + 1]));
    }
    return parsed;
  }

  private static Instant at(String local, ZoneId zone) {
    return ZonedDateTime.ofLocal(LocalDateTime.parse(local), zone, null).toInstant();
  }

  private static String local(Instant instant, ZoneId zone) {
    return LocalDateTime.ofInstant(instant, zone).toString();
  }

  @Nested
  class OfficeHours {
    private final BusinessCalendar office = weekdays(BERLIN, List.of(), "09:00", "17:00");

    @Test
    void aClockStartedInTheDayRunsUntilClosingAndOnTheNextMorning() {
      assertThat(local(office.plus(at("2026-03-02T16:30", BERLIN), Duration.ofHours(1)), BERLIN)).isEqualTo("2026-03-03T09:30");
    }

    @Test
    void aDueTimeExactlyAtClosingIsClosingNotTheNextOpening() {
      assertThat(local(office.plus(at("2026-03-02T16:00", BERLIN), Duration.ofHours(1)), BERLIN)).isEqualTo("2026-03-02T17:00");
    }

    @Test
    void aClockStartedBeforeOpeningStartsCountingAtOpening() {
      assertThat(local(office.plus(at("2026-03-02T07:00", BERLIN), Duration.ofMinutes(30)), BERLIN)).isEqualTo("2026-03-02T09:30");
    }

    @Test
    void aClockStartedAtTheWeekendStartsOnMonday() {
      assertThat(local(office.plus(at("2026-03-07T10:00", BERLIN), Duration.ofHours(1)), BERLIN)).isEqualTo("2026-03-09T10:00");
    }

    @Test
    void fridayAfternoonRunsOverTheWeekend() {
      assertThat(local(office.plus(at("2026-03-06T15:00", BERLIN), Duration.ofHours(4)), BERLIN)).isEqualTo("2026-03-09T11:00");
    }

    @Test
    void aTargetOfSeveralDaysCountsOnlyOpenHours() {
      // 40 business hours = one full week of 8-hour days.
      assertThat(local(office.plus(at("2026-03-02T09:00", BERLIN), Duration.ofHours(40)), BERLIN)).isEqualTo("2026-03-06T17:00");
      assertThat(local(office.plus(at("2026-03-02T09:00", BERLIN), Duration.ofHours(41)), BERLIN)).isEqualTo("2026-03-09T10:00");
    }

    @Test
    void zeroIsDueAtOnceEvenWhenClosed() {
      Instant saturday = at("2026-03-07T10:00", BERLIN);
      assertThat(office.plus(saturday, Duration.ZERO)).isEqualTo(saturday);
    }

    @Test
    void openingIsIncludedAndClosingIsNot() {
      assertThat(office.isOpen(at("2026-03-02T09:00", BERLIN))).isTrue();
      assertThat(office.isOpen(at("2026-03-02T16:59:59", BERLIN))).isTrue();
      assertThat(office.isOpen(at("2026-03-02T17:00", BERLIN))).isFalse();
      assertThat(office.isOpen(at("2026-03-02T08:59:59", BERLIN))).isFalse();
      assertThat(office.isOpen(at("2026-03-07T12:00", BERLIN))).as("Saturday").isFalse();
    }

    @Test
    void betweenCountsOnlyOpenTimeAndListsWhatItCounted() {
      Instant from = at("2026-03-06T16:00", BERLIN);
      Instant to = at("2026-03-09T10:30", BERLIN);
      assertThat(office.between(from, to)).isEqualTo(Duration.ofMinutes(150));
      assertThat(office.spans(from, to)).containsExactly(
          new Span(at("2026-03-06T16:00", BERLIN), at("2026-03-06T17:00", BERLIN)),
          new Span(at("2026-03-09T09:00", BERLIN), at("2026-03-09T10:30", BERLIN)));
      assertThat(office.between(to, from)).isZero();
    }

    @Test
    void aNegativeTargetIsRefused() {
      assertThatThrownBy(() -> office.plus(Instant.EPOCH, Duration.ofMinutes(-1))).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class Holidays {
    @Test
    void christmasAndBoxingDayAreSkipped() {
      BusinessCalendar office = weekdays(BERLIN, List.of("2026-12-25", "2026-12-28"), "09:00", "17:00");
      // Thursday 24 December, 16:00 + 2 h: one hour that day, Friday 25 a holiday, the weekend, Monday 28 a holiday.
      assertThat(local(office.plus(at("2026-12-24T16:00", BERLIN), Duration.ofHours(2)), BERLIN)).isEqualTo("2026-12-29T10:00");
      assertThat(office.isOpen(at("2026-12-25T10:00", BERLIN))).isFalse();
    }

    @Test
    void aHolidayIsADateOfTheCalendarsZoneNotOfUtc() {
      BusinessCalendar tokyo = weekdays(TOKYO, List.of("2026-03-03"), "09:00", "17:00");
      // 3 March 09:00 in Tokyo is 2 March 24:00 UTC: closed, whatever the UTC date says.
      assertThat(tokyo.isOpen(Instant.parse("2026-03-03T00:30:00Z"))).isFalse();
      assertThat(local(tokyo.plus(at("2026-03-02T16:00", TOKYO), Duration.ofHours(2)), TOKYO)).isEqualTo("2026-03-04T10:00");
    }

    @Test
    void aNightShiftBelongsToTheDayItStarts() {
      Map<DayOfWeek, List<DailyHours>> week = new EnumMap<>(DayOfWeek.class);
      week.put(DayOfWeek.MONDAY, hours("22:00", "06:00"));
      week.put(DayOfWeek.TUESDAY, hours("22:00", "06:00"));
      // Monday's shift runs into Tuesday 3 March, a holiday: it still counts; Tuesday's own shift does not.
      BusinessCalendar nights = BusinessCalendar.of(BERLIN, week, List.of(LocalDate.parse("2026-03-03")));
      assertThat(nights.isOpen(at("2026-03-03T05:00", BERLIN))).isTrue();
      assertThat(nights.isOpen(at("2026-03-03T23:00", BERLIN))).isFalse();
    }

    @Test
    void aCalendarNeverOpenWithinYearsSaysSo() {
      List<String> everyWeekday = new ArrayList<>();
      for (LocalDate day = LocalDate.parse("2026-01-01"); day.getYear() < 2032; day = day.plusDays(1)) {
        everyWeekday.add(day.toString());
      }
      BusinessCalendar closed = weekdays(BERLIN, everyWeekday, "09:00", "17:00");
      assertThatThrownBy(() -> closed.plus(at("2026-03-02T09:00", BERLIN), Duration.ofHours(1)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("within");
    }
  }

  @Nested
  class SeveralOpeningsADay {
    private final BusinessCalendar lunchBreak = weekdays(BERLIN, List.of(), "09:00", "12:00", "13:00", "17:00");

    @Test
    void theLunchBreakIsNotCounted() {
      assertThat(local(lunchBreak.plus(at("2026-03-02T11:30", BERLIN), Duration.ofHours(1)), BERLIN)).isEqualTo("2026-03-02T13:30");
      assertThat(lunchBreak.isOpen(at("2026-03-02T12:30", BERLIN))).isFalse();
      assertThat(lunchBreak.between(at("2026-03-02T00:00", BERLIN), at("2026-03-03T00:00", BERLIN))).isEqualTo(Duration.ofHours(7));
    }

    @Test
    void openingsGivenOutOfOrderOrOverlappingCountOnce() {
      BusinessCalendar messy = weekdays(BERLIN, List.of(), "13:00", "17:00", "09:00", "14:00");
      assertThat(messy.between(at("2026-03-02T00:00", BERLIN), at("2026-03-03T00:00", BERLIN))).isEqualTo(Duration.ofHours(8));
      assertThat(messy.spans(at("2026-03-02T00:00", BERLIN), at("2026-03-03T00:00", BERLIN))).hasSize(1);
    }

    @Test
    void aNightShiftRunsPastMidnight() {
      Map<DayOfWeek, List<DailyHours>> week = new EnumMap<>(DayOfWeek.class);
      week.put(DayOfWeek.MONDAY, hours("22:00", "02:00"));
      BusinessCalendar night = BusinessCalendar.of(BERLIN, week, List.of());
      assertThat(local(night.plus(at("2026-03-02T23:00", BERLIN), Duration.ofMinutes(90)), BERLIN)).isEqualTo("2026-03-03T00:30");
      assertThat(local(night.plus(at("2026-03-02T23:00", BERLIN), Duration.ofHours(3)), BERLIN)).isEqualTo("2026-03-03T02:00");
      assertThat(local(night.plus(at("2026-03-02T23:00", BERLIN), Duration.ofHours(4)), BERLIN)).as("the next Monday night")
          .isEqualTo("2026-03-09T23:00");
      assertThat(night.isOpen(at("2026-03-03T01:59", BERLIN))).isTrue();
      assertThat(night.isOpen(at("2026-03-03T02:00", BERLIN))).isFalse();
    }

    @Test
    void aDayThatEndsAtMidnightJoinsTheNextDayThatStartsAtMidnight() {
      BusinessCalendar always = everyDay(BERLIN, "00:00", "24:00");
      Instant start = at("2026-03-02T12:00", BERLIN);
      assertThat(always.plus(start, Duration.ofHours(48))).isEqualTo(start.plus(Duration.ofHours(48)));
      assertThat(always.spans(start, start.plus(Duration.ofHours(48)))).hasSize(1);
    }
  }

  @Nested
  class TimeZones {
    @Test
    void theSameLocalHoursAreDifferentInstantsEastAndWest() {
      BusinessCalendar tokyo = weekdays(TOKYO, List.of(), "09:00", "17:00");
      BusinessCalendar losAngeles = weekdays(LOS_ANGELES, List.of(), "09:00", "17:00");
      Instant mondayNoonUtc = Instant.parse("2026-03-02T12:00:00Z");
      // 21:00 in Tokyo (closed, next morning), 04:00 in Los Angeles (closed, opens at 09:00 the same day).
      assertThat(tokyo.plus(mondayNoonUtc, Duration.ofHours(1))).isEqualTo(Instant.parse("2026-03-03T01:00:00Z"));
      assertThat(losAngeles.plus(mondayNoonUtc, Duration.ofHours(1))).isEqualTo(Instant.parse("2026-03-02T18:00:00Z"));
    }

    @Test
    void aClockStartedOnAnotherUtcDateFollowsTheLocalDay() {
      BusinessCalendar tokyo = weekdays(TOKYO, List.of(), "09:00", "17:00");
      // Sunday 23:30 UTC is Monday 08:30 in Tokyo: opens in half an hour.
      assertThat(tokyo.plus(Instant.parse("2026-03-01T23:30:00Z"), Duration.ofMinutes(30))).isEqualTo(Instant.parse("2026-03-02T00:30:00Z"));
    }
  }

  @Nested
  class DaylightSaving2026 {
    @Test
    void berlinSpringForwardShortensTheNightBeforeIt() {
      BusinessCalendar always = everyDay(BERLIN, "00:00", "24:00");
      // 29 March: 02:00 becomes 03:00, the day has 23 hours.
      assertThat(always.between(at("2026-03-29T00:00", BERLIN), at("2026-03-30T00:00", BERLIN))).isEqualTo(Duration.ofHours(23));
      assertThat(local(always.plus(at("2026-03-29T00:00", BERLIN), Duration.ofHours(24)), BERLIN)).isEqualTo("2026-03-30T01:00");
      BusinessCalendar night = everyDay(BERLIN, "01:00", "04:00");
      assertThat(night.between(at("2026-03-29T00:00", BERLIN), at("2026-03-29T12:00", BERLIN))).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void berlinFallBackLengthensTheNightAndKeepsBothRepeatedHours() {
      BusinessCalendar always = everyDay(BERLIN, "00:00", "24:00");
      assertThat(always.between(at("2026-10-25T00:00", BERLIN), at("2026-10-26T00:00", BERLIN))).isEqualTo(Duration.ofHours(25));
      BusinessCalendar night = everyDay(BERLIN, "01:00", "04:00");
      assertThat(night.between(at("2026-10-25T00:00", BERLIN), at("2026-10-25T12:00", BERLIN))).isEqualTo(Duration.ofHours(4));
      // An opening that ends inside the repeated hour ends at its second occurrence.
      BusinessCalendar untilHalfPastTwo = everyDay(BERLIN, "01:00", "02:30");
      assertThat(untilHalfPastTwo.between(at("2026-10-25T00:00", BERLIN), at("2026-10-25T12:00", BERLIN))).isEqualTo(Duration.ofMinutes(150));
    }

    @Test
    void anOpeningInsideTheSkippedHourDoesNotExistThatDay() {
      BusinessCalendar skipped = everyDay(BERLIN, "02:00", "03:00");
      assertThat(skipped.between(at("2026-03-29T00:00", BERLIN), at("2026-03-30T00:00", BERLIN))).isZero();
      assertThat(skipped.between(at("2026-03-30T00:00", BERLIN), at("2026-03-31T00:00", BERLIN))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void officeHoursKeepTheirLocalTimesAcrossTheChange() {
      BusinessCalendar office = weekdays(BERLIN, List.of(), "09:00", "17:00");
      // Friday 27 March 16:00 (UTC+1) + 2 h = Monday 30 March 10:00 (UTC+2): 62 hours of wall time, not 63.
      Instant due = office.plus(at("2026-03-27T16:00", BERLIN), Duration.ofHours(2));
      assertThat(local(due, BERLIN)).isEqualTo("2026-03-30T10:00");
      assertThat(due).isEqualTo(Instant.parse("2026-03-30T08:00:00Z"));
      assertThat(local(office.plus(at("2026-10-23T16:00", BERLIN), Duration.ofHours(2)), BERLIN)).isEqualTo("2026-10-26T10:00");
    }

    @Test
    void newYorkChangesOnItsOwnDays() {
      BusinessCalendar always = everyDay(NEW_YORK, "00:00", "24:00");
      assertThat(always.between(at("2026-03-08T00:00", NEW_YORK), at("2026-03-09T00:00", NEW_YORK))).isEqualTo(Duration.ofHours(23));
      assertThat(always.between(at("2026-11-01T00:00", NEW_YORK), at("2026-11-02T00:00", NEW_YORK))).isEqualTo(Duration.ofHours(25));
      BusinessCalendar office = weekdays(NEW_YORK, List.of(), "09:00", "17:00");
      // Friday 6 March 16:00 EST + 2 h = Monday 9 March 10:00 EDT; Berlin has not changed yet that week.
      assertThat(office.plus(at("2026-03-06T16:00", NEW_YORK), Duration.ofHours(2))).isEqualTo(Instant.parse("2026-03-09T14:00:00Z"));
      assertThat(office.plus(at("2026-10-30T16:00", NEW_YORK), Duration.ofHours(2))).isEqualTo(Instant.parse("2026-11-02T15:00:00Z"));
    }
  }

  @Nested
  class Properties {
    /**
     * For thousands of random calendars, starts and targets (zones east and west, the DST weeks among
     * them): the business time between a start and its due time is the target, the due time is open
     * or the end of an opening, and a longer target is never due earlier.
     */
    @Test
    void plusAndBetweenAgreeEverywhere() {
      long seed = Long.getLong("businesstime.seed", System.nanoTime());
      Random random = new Random(seed);
      List<ZoneId> zones = List.of(BERLIN, NEW_YORK, TOKYO, LOS_ANGELES, ZoneId.of("Australia/Lord_Howe"), ZoneId.of("Asia/Kolkata"));
      for (int i = 0; i < 3_000; i++) {
        ZoneId zone = zones.get(random.nextInt(zones.size()));
        BusinessCalendar calendar = randomCalendar(random, zone);
        Instant start = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextInt(365 * 24 * 3600));
        Duration target = Duration.ofMinutes(1 + random.nextInt(60 * 60));
        Instant due = calendar.plus(start, target);
        assertThat(calendar.between(start, due)).as("seed %d, %s from %s + %s", seed, calendar, start, target).isEqualTo(target);
        assertThat(calendar.isOpen(due.minusNanos(1))).as("seed %d: open just before the due time", seed).isTrue();
        Instant later = calendar.plus(start, target.plusMinutes(1));
        assertThat(later).as("seed %d", seed).isAfter(due);
        List<Span> spans = calendar.spans(start, due);
        for (int s = 1; s < spans.size(); s++) {
          assertThat(spans.get(s).start()).as("seed %d: spans in order, apart", seed).isAfter(spans.get(s - 1).end());
        }
      }
    }

    private BusinessCalendar randomCalendar(Random random, ZoneId zone) {
      Map<DayOfWeek, List<DailyHours>> week = new EnumMap<>(DayOfWeek.class);
      for (DayOfWeek day : DayOfWeek.values()) {
        List<DailyHours> openings = new ArrayList<>();
        int count = random.nextInt(3);
        for (int o = 0; o < count; o++) {
          int from = random.nextInt(24 * 4) * 15;
          int length = 15 + random.nextInt(12 * 4) * 15;
          int to = (from + length) % (24 * 60);
          openings.add(DailyHours.parse(String.format("%02d:%02d", from / 60, from % 60),
              to == 0 ? "24:00" : String.format("%02d:%02d", to / 60, to % 60)));
        }
        week.put(day, openings);
      }
      if (week.values().stream().allMatch(List::isEmpty)) {
        week.put(DayOfWeek.WEDNESDAY, hours("10:00", "11:00"));
      }
      List<LocalDate> holidays = new ArrayList<>();
      for (int h = 0; h < random.nextInt(20); h++) {
        holidays.add(LocalDate.parse("2026-01-01").plusDays(random.nextInt(400)));
      }
      return BusinessCalendar.of(zone, week, holidays);
    }

    @Test
    void aroundTheClockIsPlainTime() {
      BusinessCalendar always = BusinessCalendar.aroundTheClock();
      Instant start = Instant.parse("2026-03-29T00:30:00Z");
      assertThat(always.plus(start, Duration.ofHours(30))).isEqualTo(start.plus(Duration.ofHours(30)));
      assertThat(always.between(start, start.plusSeconds(90))).isEqualTo(Duration.ofSeconds(90));
      assertThat(always.isOpen(start)).isTrue();
    }
  }

  @Nested
  class Validation {
    @Test
    void openingsAreHoursAndMinutesWithMidnightAsTwentyFour() {
      assertThat(DailyHours.parse("09:00", "24:00").toString()).isEqualTo("09:00-24:00");
      assertThat(DailyHours.parse("22:00", "02:00").endsNextDay()).isTrue();
      assertThatThrownBy(() -> DailyHours.parse("9:00", "17:00")).hasMessageContaining("HH:mm");
      assertThatThrownBy(() -> DailyHours.parse("09:00", "25:00")).hasMessageContaining("not a time of day");
      assertThatThrownBy(() -> DailyHours.parse("24:00", "17:00")).hasMessageContaining("not a time of day");
      assertThatThrownBy(() -> DailyHours.parse("09:00", "09:00")).hasMessageContaining("empty");
      assertThatThrownBy(() -> DailyHours.parse(null, "09:00")).hasMessageContaining("start");
    }

    @Test
    void aWeekWithoutAnyOpeningIsRefused() {
      assertThatThrownBy(() -> BusinessCalendar.of(BERLIN, Map.of(), List.of())).hasMessageContaining("open at some time");
    }
  }
}
