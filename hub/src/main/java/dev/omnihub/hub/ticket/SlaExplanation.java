package dev.omnihub.hub.ticket;

import dev.omnihub.hub.businesstime.Span;
import dev.omnihub.hub.sla.SlaClocks;
import dev.omnihub.hub.views.Views;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/v1/tickets/{number}/sla}: every clock with its start, the business intervals it
 * counted (they add up to the target), the pauses that moved it and its due time, so anyone can check
 * a deadline by hand.
 */
public final class SlaExplanation {

  private SlaExplanation() {
  }

  public static JsonObject of(Ticket ticket, Optional<SlaTracker.Evaluation> evaluated, Instant now) {
    JsonObject explained = new JsonObject().put("ticketNumber", ticket.number()).put("computedAt", now.toString());
    if (evaluated.isEmpty()) {
      return explained.putNull("policy").putNull("priority").put("clocks", new JsonArray()).put("breaches", new JsonArray())
          .put("note", "no SLA policy applies: neither the ticket's queue nor its conversation's queue has one");
    }
    SlaTracker.Evaluation evaluation = evaluated.get();
    SlaPolicies.Policy policy = evaluation.policy();
    JsonArray clocks = new JsonArray();
    evaluation.report().clocks().forEach(clock -> clocks.add(clock(clock)));
    return explained
        .put("policy", new JsonObject().put("id", policy.id()).put("name", policy.name()).put("businessHoursId", policy.hoursId())
            .put("timeZone", policy.calendar().isAroundTheClock() ? null : policy.calendar().zone().getId())
            .put("aroundTheClock", policy.calendar().isAroundTheClock())
            .put("warnBefore", policy.warnBefore() == null ? null : policy.warnBefore().toString()))
        .put("priority", evaluation.report().priority())
        .put("clocks", clocks)
        .put("breaches", Views.sla(evaluation.summary()).getJsonArray("breaches"));
  }

  private static JsonObject clock(SlaClocks.Clock clock) {
    Duration counted = clock.counted().stream().map(Span::duration).reduce(Duration.ZERO, Duration::plus);
    return new JsonObject()
        .put("target", clock.target().wireName())
        .put("state", state(clock))
        .put("promised", clock.promised().toString())
        .put("start", clock.start().toString())
        .put("counted", spans(clock.counted()))
        .put("countedTotal", counted.toString())
        .put("pauses", spans(clock.pauses()))
        .put("dueAt", Views.time(clock.dueAt()))
        .put("warnAt", Views.time(clock.warnAt()))
        .put("metAt", Views.time(clock.metAt()))
        .put("stoppedAt", Views.time(clock.stoppedAt()))
        .put("breachedAt", Views.time(clock.breachedAt()));
  }

  /** {@code met}, {@code breached}, {@code stopped} (solved before an answer was due), {@code paused} or {@code running}. */
  private static String state(SlaClocks.Clock clock) {
    if (clock.breachedAt() != null) {
      return "breached";
    }
    if (clock.metAt() != null) {
      return "met";
    }
    if (clock.stoppedAt() != null) {
      return "stopped";
    }
    return clock.paused() ? "paused" : "running";
  }

  private static JsonArray spans(List<Span> spans) {
    JsonArray listed = new JsonArray();
    spans.forEach(span -> listed.add(new JsonObject().put("from", span.start().toString()).put("to", span.end().toString())
        .put("duration", span.duration().toString())));
    return listed;
  }
}
