package dev.omnihub.hub.ticket;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.hub.businesstime.BusinessCalendar;
import dev.omnihub.hub.businesstime.DailyHours;
import dev.omnihub.hub.sla.Targets;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * Business hours and SLA policies as the API writes them (API.md "Tickets, SLAs and escalation"):
 * checked field by field (a 400 names the field), stored in the same shape, and read back into a
 * {@link BusinessCalendar} and {@link Targets} per priority for the clocks.
 */
public final class SlaDefinitions {

  private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
      "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY, "sun", DayOfWeek.SUNDAY);
  private static final List<String> TARGETS = List.of("firstResponse", "nextResponse", "resolution");
  private static final int MAX_HOLIDAYS = 1_000;
  private static final Set<String> ON_BREACH = Set.of("escalate", "raisePriority", "queueId");

  private SlaDefinitions() {
  }

  /** A business-hours definition: {@code {name, timeZone, week: {mon: [["09:00","17:00"]], ...}, holidays}}. */
  public static Document businessHours(JsonInput body) {
    String name = body.requiredString("name", 200).strip();
    String zone = body.requiredString("timeZone", 64);
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw InputRejectedException.invalid("timeZone", "timeZone '" + zone + "' is not an IANA time zone");
    }
    JsonObject week = body.requiredObject("week").raw();
    Document days = new Document();
    for (String day : week.fieldNames()) {
      if (!DAYS.containsKey(day)) {
        throw InputRejectedException.invalid("week." + day, "week has the days mon, tue, wed, thu, fri, sat and sun, not '" + day + "'");
      }
      if (!(week.getValue(day) instanceof JsonArray openings)) {
        throw InputRejectedException.invalid("week." + day, "week." + day + " must be a list of [start, end] pairs");
      }
      List<List<String>> pairs = new ArrayList<>();
      for (int i = 0; i < openings.size(); i++) {
        String field = "week." + day + "[" + i + "]";
        if (!(openings.getValue(i) instanceof JsonArray pair) || pair.size() != 2 || !(pair.getValue(0) instanceof String start)
            || !(pair.getValue(1) instanceof String end)) {
          throw InputRejectedException.invalid(field, field + " must be a pair of times such as [\"09:00\", \"17:00\"]");
        }
        try {
          DailyHours.parse(start, end);
        } catch (IllegalArgumentException e) {
          throw InputRejectedException.invalid(field, field + ": " + e.getMessage());
        }
        pairs.add(List.of(start, end));
      }
      days.append(day, pairs);
    }
    List<String> holidays = new ArrayList<>();
    List<String> given = body.optionalStringList("holidays", MAX_HOLIDAYS, 10);
    for (int i = 0; given != null && i < given.size(); i++) {
      try {
        holidays.add(LocalDate.parse(given.get(i)).toString());
      } catch (DateTimeParseException e) {
        throw InputRejectedException.invalid("holidays[" + i + "]", "holidays[" + i + "] must be a date such as 2026-12-25");
      }
    }
    Document definition = new Document("name", name).append("timeZone", zone).append("week", days).append("holidays", holidays);
    try {
      calendar(definition);
    } catch (IllegalArgumentException e) {
      throw InputRejectedException.invalid("week", e.getMessage());
    }
    return definition;
  }

  /** The calendar a stored definition describes. */
  public static BusinessCalendar calendar(Document definition) {
    Map<DayOfWeek, List<DailyHours>> week = new EnumMap<>(DayOfWeek.class);
    Document days = definition.get("week", Document.class);
    for (Map.Entry<String, DayOfWeek> day : DAYS.entrySet()) {
      List<DailyHours> openings = new ArrayList<>();
      for (Object pair : days.getList(day.getKey(), Object.class, List.of())) {
        List<?> times = (List<?>) pair;
        openings.add(DailyHours.parse((String) times.get(0), (String) times.get(1)));
      }
      week.put(day.getValue(), openings);
    }
    List<LocalDate> holidays = definition.getList("holidays", String.class, List.of()).stream().map(LocalDate::parse).toList();
    return BusinessCalendar.of(ZoneId.of(definition.getString("timeZone")), week, holidays);
  }

  /**
   * An SLA policy: {@code {name, businessHoursId?, targets: {urgent|high|normal|low: {firstResponse?,
   * nextResponse?, resolution?}}, warnBefore?, onBreach?: {escalate, raisePriority, queueId?}}}; ids are
   * checked by the caller.
   */
  public static Document policy(JsonInput body) {
    String name = body.requiredString("name", 200).strip();
    String hours = body.optionalString("businessHoursId", 64);
    JsonObject targets = body.requiredObject("targets").raw();
    if (targets.isEmpty()) {
      throw InputRejectedException.invalid("targets", "targets is required: per priority, such as {\"normal\": {\"firstResponse\": \"PT1H\"}}");
    }
    Document stored = new Document();
    for (String priority : targets.fieldNames()) {
      if (!Ticket.PRIORITIES.contains(priority)) {
        throw InputRejectedException.invalid("targets." + priority, "targets are per priority " + Ticket.PRIORITIES + ", not '" + priority + "'");
      }
      if (!(targets.getValue(priority) instanceof JsonObject promise)) {
        throw InputRejectedException.invalid("targets." + priority, "targets." + priority + " must be an object");
      }
      Document kept = new Document();
      for (String target : promise.fieldNames()) {
        String field = "targets." + priority + "." + target;
        if (!TARGETS.contains(target)) {
          throw InputRejectedException.invalid(field, "a target is one of " + TARGETS + ", not '" + target + "'");
        }
        kept.append(target, duration(promise.getValue(target), field, false).toString());
      }
      stored.append(priority, kept);
    }
    Document definition = new Document("name", name).append("businessHoursId", hours).append("targets", stored);
    Object warn = body.raw().getValue("warnBefore");
    definition.append("warnBefore", warn == null ? null : duration(warn, "warnBefore", true).toString());
    JsonInput onBreach = body.optionalObject("onBreach");
    if (onBreach == null) {
      onBreach = JsonInput.at(new JsonObject(), "onBreach");
    }
    for (String field : onBreach.raw().fieldNames()) {
      if (!ON_BREACH.contains(field)) {
        throw InputRejectedException.invalid("onBreach." + field, "onBreach has escalate, raisePriority and queueId, not '" + field + "'");
      }
    }
    definition.append("onBreach", new Document("escalate", Boolean.TRUE.equals(onBreach.optionalBoolean("escalate")))
        .append("raisePriority", Boolean.TRUE.equals(onBreach.optionalBoolean("raisePriority")))
        .append("queueId", onBreach.optionalString("queueId", 64)));
    return definition;
  }

  /** The targets per priority of a stored policy. */
  public static Map<String, Targets> targets(Document policy) {
    Map<String, Targets> byPriority = new LinkedHashMap<>();
    Document targets = policy.get("targets", Document.class);
    for (String priority : targets.keySet()) {
      Document promise = targets.get(priority, Document.class);
      byPriority.put(priority, new Targets(parse(promise.getString("firstResponse")), parse(promise.getString("nextResponse")),
          parse(promise.getString("resolution"))));
    }
    return byPriority;
  }

  private static Duration parse(String text) {
    return text == null ? null : Duration.parse(text);
  }

  private static Duration duration(Object value, String field, boolean zeroAllowed) {
    if (!(value instanceof String text)) {
      throw InputRejectedException.invalid(field, field + " must be an ISO-8601 duration such as PT30M");
    }
    Duration duration;
    try {
      duration = Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw InputRejectedException.invalid(field, field + " must be an ISO-8601 duration such as PT30M, not '" + text + "'");
    }
    if (duration.isNegative() || (!zeroAllowed && duration.isZero())) {
      throw InputRejectedException.invalid(field, field + " must be " + (zeroAllowed ? "zero or more" : "more than zero"));
    }
    return duration;
  }
}
