package dev.omnihub.hub.ticket;

import dev.omnihub.adapters.spi.InputRejectedException;
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

  private SlaDefinitions() {
  }

  /** A business-hours definition: {@code {name, timeZone, week: {mon: [["09:00","17:00"]], ...}, holidays}}. */
  public static Document businessHours(JsonObject body) {
    String name = name(body);
    String zone = body.getValue("timeZone") instanceof String text ? text : null;
    if (zone == null) {
      throw InputRejectedException.invalid("timeZone", "timeZone is required, an IANA zone such as Europe/Berlin");
    }
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw InputRejectedException.invalid("timeZone", "timeZone '" + zone + "' is not an IANA time zone");
    }
    if (!(body.getValue("week") instanceof JsonObject week)) {
      throw InputRejectedException.invalid("week", "week is required: openings per day, such as {\"mon\": [[\"09:00\", \"17:00\"]]}");
    }
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
    Object given = body.getValue("holidays");
    if (given != null && !(given instanceof JsonArray)) {
      throw InputRejectedException.invalid("holidays", "holidays must be a list of dates such as \"2026-12-25\"");
    }
    JsonArray list = given == null ? new JsonArray() : (JsonArray) given;
    if (list.size() > MAX_HOLIDAYS) {
      throw InputRejectedException.invalid("holidays", "at most " + MAX_HOLIDAYS + " holidays");
    }
    for (int i = 0; i < list.size(); i++) {
      try {
        holidays.add(LocalDate.parse(String.valueOf(list.getValue(i))).toString());
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
  public static Document policy(JsonObject body) {
    String name = name(body);
    Object hours = body.getValue("businessHoursId");
    if (hours != null && !(hours instanceof String)) {
      throw InputRejectedException.invalid("businessHoursId", "businessHoursId must be a business-hours id");
    }
    if (!(body.getValue("targets") instanceof JsonObject targets) || targets.isEmpty()) {
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
    Object warn = body.getValue("warnBefore");
    definition.append("warnBefore", warn == null ? null : duration(warn, "warnBefore", true).toString());
    Object breach = body.getValue("onBreach");
    if (breach != null && !(breach instanceof JsonObject)) {
      throw InputRejectedException.invalid("onBreach", "onBreach must be an object {escalate, raisePriority, queueId?}");
    }
    JsonObject onBreach = breach == null ? new JsonObject() : (JsonObject) breach;
    for (String flag : List.of("escalate", "raisePriority")) {
      Object value = onBreach.getValue(flag);
      if (value != null && !(value instanceof Boolean)) {
        throw InputRejectedException.invalid("onBreach." + flag, "onBreach." + flag + " must be true or false");
      }
    }
    Object queue = onBreach.getValue("queueId");
    if (queue != null && !(queue instanceof String)) {
      throw InputRejectedException.invalid("onBreach.queueId", "onBreach.queueId must be a queue id");
    }
    Set<String> known = Set.of("escalate", "raisePriority", "queueId");
    for (String field : onBreach.fieldNames()) {
      if (!known.contains(field)) {
        throw InputRejectedException.invalid("onBreach." + field, "onBreach has escalate, raisePriority and queueId, not '" + field + "'");
      }
    }
    definition.append("onBreach", new Document("escalate", Boolean.TRUE.equals(onBreach.getBoolean("escalate")))
        .append("raisePriority", Boolean.TRUE.equals(onBreach.getBoolean("raisePriority"))).append("queueId", queue));
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

  private static String name(JsonObject body) {
    if (!(body.getValue("name") instanceof String name) || name.isBlank() || name.length() > 200) {
      throw InputRejectedException.invalid("name", "name is required (at most 200 characters)");
    }
    return name.strip();
  }
}
