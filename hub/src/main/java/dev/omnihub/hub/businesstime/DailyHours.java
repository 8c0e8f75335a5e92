package dev.omnihub.hub.businesstime;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * One opening of a business day, in the calendar's local time: from {@code start} to {@code end},
 * where an end at or before the start means the next day ({@code ["22:00", "02:00"]}: a night shift),
 * and {@code "24:00"} means midnight at the end of the day. It belongs to the day it starts on (a
 * holiday on that day removes it, one on the next day does not).
 */
public record DailyHours(LocalTime start, LocalTime end, boolean endsNextDay) {

  public DailyHours {
    if (start.equals(end) && !endsNextDay) {
      throw new IllegalArgumentException("an opening from " + start + " to " + end + " is empty");
    }
  }

  /**
   * Parses {@code "HH:mm"} times as the API gives them ({@code "24:00"} for the end of the day).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static DailyHours parse(String start, String end) {
    LocalTime from = time(start, "start", false);
    if ("24:00".equals(end)) {
      return new DailyHours(from, LocalTime.MIDNIGHT, true);
    }
    LocalTime to = time(end, "end", true);
    if (to.equals(from)) {
      throw new IllegalArgumentException("an opening from " + start + " to " + end + " is empty (use 00:00 to 24:00 for a whole day)");
    }
    return new DailyHours(from, to, !to.isAfter(from));
  }

  private static LocalTime time(String text, String which, boolean end) {
    if (text == null || !text.matches("\\d{2}:\\d{2}")) {
      throw new IllegalArgumentException("the " + which + " of an opening must be HH:mm" + (end ? " or 24:00" : "") + ", not " + text);
    }
    try {
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("the " + which + " of an opening is not a time of day: " + text);
    }
  }

  /** When this opening starts on {@code day}, in local time. */
  LocalDateTime startOn(LocalDate day) {
    return day.atTime(start);
  }

  /** When this opening, started on {@code day}, ends, in local time. */
  LocalDateTime endOn(LocalDate day) {
    return (endsNextDay ? day.plusDays(1) : day).atTime(end);
  }

  @Override
  public String toString() {
    return start + "-" + (endsNextDay && end.equals(LocalTime.MIDNIGHT) ? "24:00" : end.toString());
  }
}
