package dev.omnihub.hub.businesstime;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Business time: when a team is open, by its week (several openings a day, a night shift past
 * midnight), its holidays and its time zone, and the arithmetic SLA clocks need on it. Pure: no
 * clock, no store, nothing but {@code java.time}.
 *
 * <p>Business time is real elapsed time while open. A day's openings are local times, so a
 * daylight-saving change inside one shortens or lengthens it (the night of the spring change has an
 * hour less); a local time that does not exist (the skipped hour) is moved forward by the gap, as
 * {@link ZonedDateTime#ofLocal} does; an opening that starts in the repeated hour starts at its first
 * occurrence and one that ends in it ends at its second, so it keeps the whole of what the clock
 * showed. Overlapping openings count once.
 */
public final class BusinessCalendar {

  /** How far ahead a calendar that is (nearly) never open is searched before giving up. */
  static final int HORIZON_DAYS = 366 * 5;
  private static final BusinessCalendar AROUND_THE_CLOCK = new BusinessCalendar(ZoneId.of("UTC"), Map.of(), Set.of(), true);

  private final ZoneId zone;
  private final Map<DayOfWeek, List<DailyHours>> week;
  private final Set<LocalDate> holidays;
  private final boolean aroundTheClock;

  private BusinessCalendar(ZoneId zone, Map<DayOfWeek, List<DailyHours>> week, Set<LocalDate> holidays, boolean aroundTheClock) {
    this.zone = zone;
    this.week = week;
    this.holidays = holidays;
    this.aroundTheClock = aroundTheClock;
  }

  /** Open always: business time is time (a policy without business hours). */
  public static BusinessCalendar aroundTheClock() {
    return AROUND_THE_CLOCK;
  }

  /**
   * @param week     each day's openings (a missing day is closed)
   * @param holidays dates, in the calendar's zone, whose openings are skipped
   * @throws IllegalArgumentException when the week has no opening at all
   */
  public static BusinessCalendar of(ZoneId zone, Map<DayOfWeek, List<DailyHours>> week, Collection<LocalDate> holidays) {
    Map<DayOfWeek, List<DailyHours>> days = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek day : DayOfWeek.values()) {
      List<DailyHours> openings = new ArrayList<>(week.getOrDefault(day, List.of()));
      openings.sort(Comparator.comparing(DailyHours::start));
      days.put(day, List.copyOf(openings));
    }
    if (days.values().stream().allMatch(List::isEmpty)) {
      throw new IllegalArgumentException("business hours must be open at some time of the week");
    }
    return new BusinessCalendar(zone, days, Set.copyOf(holidays), false);
  }

  public ZoneId zone() {
    return zone;
  }

  public boolean isAroundTheClock() {
    return aroundTheClock;
  }

  /**
   * The moment {@code amount} of business time after {@code start}: a clock started at
   * {@code start} that runs only while open is due then. Zero is due at once; a due time that falls
   * at the end of an opening is that end, not the next opening.
   *
   * @throws IllegalStateException when the calendar is not open enough within five years
   */
  public Instant plus(Instant start, Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("business time to add must not be negative: " + amount);
    }
    if (amount.isZero()) {
      return start;
    }
    if (aroundTheClock) {
      return start.plus(amount);
    }
    Instant[] due = new Instant[1];
    Duration[] left = {amount};
    walk(start, null, span -> {
      if (left[0].compareTo(span.duration()) <= 0) {
        due[0] = span.start().plus(left[0]);
        return false;
      }
      left[0] = left[0].minus(span.duration());
      return true;
    });
    if (due[0] == null) {
      throw new IllegalStateException("business hours in " + zone + " give less than " + amount + " within " + HORIZON_DAYS
          + " days after " + start);
    }
    return due[0];
  }

  /** The business time from {@code from} to {@code to} (zero when {@code to} is not after {@code from}). */
  public Duration between(Instant from, Instant to) {
    Duration total = Duration.ZERO;
    for (Span span : spans(from, to)) {
      total = total.plus(span.duration());
    }
    return total;
  }

  /** The stretches of business time between {@code from} and {@code to}, in order: what a clock counted. */
  public List<Span> spans(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return List.of();
    }
    if (aroundTheClock) {
      return List.of(new Span(from, to));
    }
    List<Span> counted = new ArrayList<>();
    walk(from, to, span -> {
      if (!span.start().isBefore(to)) {
        return false;
      }
      counted.add(span.end().isAfter(to) ? new Span(span.start(), to) : span);
      return true;
    });
    return counted;
  }

  /** Whether the team is open at {@code at}. */
  public boolean isOpen(Instant at) {
    if (aroundTheClock) {
      return true;
    }
    boolean[] open = {false};
    walk(at, at, span -> {
      open[0] = span.contains(at);
      return false;
    });
    return open[0];
  }

  /**
   * Walks the openings from {@code from} in order, merged where they overlap and cut to start no
   * earlier than {@code from}, until {@code visit} says stop or the days are past {@code until}
   * (or the horizon, without one).
   */
  private void walk(Instant from, Instant until, Predicate<Span> visit) {
    LocalDate first = LocalDate.ofInstant(from, zone).minusDays(1);
    LocalDate last = until == null ? first.plusDays(HORIZON_DAYS) : LocalDate.ofInstant(until, zone).plusDays(1);
    Span pending = null;
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      if (holidays.contains(day)) {
        continue;
      }
      for (DailyHours opening : week.get(day.getDayOfWeek())) {
        Instant start = startInstant(opening.startOn(day));
        Instant end = endInstant(opening.endOn(day));
        if (!end.isAfter(start) || !end.isAfter(from)) {
          continue;
        }
        Span span = new Span(start.isBefore(from) ? from : start, end);
        if (pending != null && !span.start().isAfter(pending.end())) {
          pending = new Span(pending.start(), span.end().isAfter(pending.end()) ? span.end() : pending.end());
          continue;
        }
        if (pending != null && !visit.test(pending)) {
          return;
        }
        pending = span;
      }
    }
    if (pending != null) {
      visit.test(pending);
    }
  }

  private Instant startInstant(LocalDateTime local) {
    return ZonedDateTime.ofLocal(local, zone, null).withEarlierOffsetAtOverlap().toInstant();
  }

  private Instant endInstant(LocalDateTime local) {
    return ZonedDateTime.ofLocal(local, zone, null).withLaterOffsetAtOverlap().toInstant();
  }

  @Override
  public String toString() {
    return aroundTheClock ? "around the clock" : "business hours in " + zone + " " + week + ", holidays " + holidays;
  }
}
