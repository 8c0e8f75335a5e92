package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.ForbiddenException;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.reports.ReportRow;
import dev.omnihub.hub.reports.Reports;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * {@code /api/v1/reports/overview} and {@code /api/v1/reports/agents/{id}}: figures over a range, as
 * JSON or, for {@code Accept: text/csv}, a header line and a line per row. Supervisors and admins read
 * every report; an agent reads their own.
 */
final class ReportRoutes {

  static final Duration LONGEST_RANGE = Duration.ofDays(400);
  private static final Duration DEFAULT_RANGE = Duration.ofDays(7);
  private static final List<String> CSV_COLUMNS = List.of("key", "conversations", "resolved", "reopened", "firstResponseSeconds.avg",
      "firstResponseSeconds.p50", "firstResponseSeconds.p90", "resolutionSeconds.avg", "resolutionSeconds.p50", "resolutionSeconds.p90",
      "csat.responses", "csat.average", "csat.satisfiedPercent", "slaMetPercent", "messagesIn", "messagesOut");

  private final PublishingStore store;
  private final Reports reports;

  ReportRoutes(PublishingStore store, Reports reports) {
    this.store = store;
    this.reports = reports;
  }

  void mount(io.vertx.ext.web.Router web, Authentication auth, ScopeGate scope) {
    web.get("/api/v1/reports/overview").handler(auth.require(Role.SUPERVISOR)).handler(scope.unscopedOnly()).handler(ctx -> {
      Range range = range(ctx);
      String groupBy = Requests.query(ctx, "groupBy") == null ? "day" : Requests.query(ctx, "groupBy");
      if (!Reports.GROUPINGS.contains(groupBy)) {
        throw InputRejectedException.invalid("groupBy", "groupBy must be one of " + Reports.GROUPINGS + ", not '" + groupBy + "'");
      }
      store.read(() -> reports.overview(range.from(), range.to(), groupBy, range.zone())).onSuccess(report -> answer(ctx, report, range))
          .onFailure(ctx::fail);
    });
    web.get("/api/v1/reports/agents/:id").handler(auth.require(Role.AGENT)).handler(scope.unscopedOnly()).handler(ctx -> {
      String agentId = Requests.id(ctx, "id", "agent");
      Principal principal = Requests.principal(ctx);
      if (!principal.has(Role.SUPERVISOR) && !agentId.equals(principal.id())) {
        throw new ForbiddenException("an agent reads only their own report; supervisors and admins read everyone's");
      }
      Range range = range(ctx);
      store.read(() -> reports.agent(agentId, range.from(), range.to(), range.zone())).onSuccess(report -> answer(ctx, report, range))
          .onFailure(ctx::fail);
    });
  }

  /** The range asked for: ISO instants, or dates (midnight in {@code timeZone}); the last seven days by default. */
  record Range(Instant from, Instant to, ZoneId zone) {
  }

  static Range range(RoutingContext ctx) {
    ZoneId zone = zone(Requests.query(ctx, "timeZone"));
    Instant to = time(ctx, "to", zone);
    to = to == null ? Instant.now() : to;
    Instant from = time(ctx, "from", zone);
    from = from == null ? to.minus(DEFAULT_RANGE) : from;
    if (!from.isBefore(to)) {
      throw InputRejectedException.invalid("from", "from must come before to");
    }
    if (Duration.between(from, to).compareTo(LONGEST_RANGE) > 0) {
      throw InputRejectedException.invalid("from", "a report covers at most " + LONGEST_RANGE.toDays() + " days");
    }
    return new Range(from, to, zone);
  }

  private static ZoneId zone(String given) {
    if (given == null) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(given);
    } catch (DateTimeException e) {
      throw InputRejectedException.invalid("timeZone", "timeZone must be an IANA time zone such as Europe/Berlin, not '" + given + "'");
    }
  }

  private static Instant time(RoutingContext ctx, String name, ZoneId zone) {
    String value = Requests.query(ctx, name);
    if (value == null) {
      return null;
    }
    try {
      return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(zone).toInstant() : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw InputRejectedException.invalid(name, name + " must be a date (2026-12-01) or an ISO-8601 time (2026-12-01T10:00:00Z)");
    }
  }

  private static void answer(RoutingContext ctx, Reports.Report report, Range range) {
    String accept = ctx.request().getHeader("Accept");
    if (accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv")) {
      StringBuilder csv = new StringBuilder(String.join(",", CSV_COLUMNS)).append("\r\n");
      report.rows().forEach(row -> csv.append(csvLine(row)).append("\r\n"));
      ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"omnihub-report.csv\"").end(csv.toString());
      return;
    }
    JsonArray rows = new JsonArray();
    report.rows().forEach(row -> rows.add(json(row)));
    Responses.ok(ctx, new JsonObject().put("from", range.from().toString()).put("to", range.to().toString())
        .put("timeZone", range.zone().getId()).put("rows", rows).put("totals", json(report.totals())));
  }

  static JsonObject json(ReportRow row) {
    return new JsonObject().put("key", row.key()).put("conversations", row.conversations()).put("resolved", row.resolved())
        .put("reopened", row.reopened()).put("firstResponseSeconds", times(row.firstResponse()))
        .put("resolutionSeconds", times(row.resolution()))
        .put("csat", new JsonObject().put("responses", row.csatResponses()).put("average", row.csatAverage())
            .put("satisfiedPercent", row.csatSatisfiedPercent()))
        .put("slaMetPercent", row.slaMetPercent()).put("messagesIn", row.messagesIn()).put("messagesOut", row.messagesOut());
  }

  private static JsonObject times(ReportRow.Times times) {
    return new JsonObject().put("avg", times.avg()).put("p50", times.p50()).put("p90", times.p90());
  }

  private static String csvLine(ReportRow row) {
    ReportRow.Times first = row.firstResponse();
    ReportRow.Times resolution = row.resolution();
    return String.join(",", List.of(cell(row.key()), cell(row.conversations()), cell(row.resolved()), cell(row.reopened()),
        cell(first.avg()), cell(first.p50()), cell(first.p90()), cell(resolution.avg()), cell(resolution.p50()), cell(resolution.p90()),
        cell(row.csatResponses()), cell(row.csatAverage()), cell(row.csatSatisfiedPercent()), cell(row.slaMetPercent()),
        cell(row.messagesIn()), cell(row.messagesOut())));
  }

  /** A CSV cell: empty for no value; text quoted, and never starting a spreadsheet formula. */
  private static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Number) {
      return value.toString();
    }
    String text = value.toString();
    if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    return "\"" + text.replace("\"", "\"\"") + "\"";
  }
}
