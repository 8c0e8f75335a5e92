package dev.omnihub.hub.sla;

import java.time.Instant;
import java.util.List;

/**
 * A ticket's (or a queued conversation's) {@code sla} object as the API shows it: the policy, the due
 * times as they stand, when it was first answered, and every breach recorded.
 *
 * @param firstResponseDueAt the first-response due time, also once met
 * @param nextResponseDueAt  the due time of the next-response clock running now, or {@code null}
 * @param resolutionDueAt    the resolution due time; {@code null} while a pause would make it unknowable
 */
public record SlaSummary(String policyId, Instant firstResponseDueAt, Instant nextResponseDueAt, Instant resolutionDueAt,
    Instant firstRespondedAt, List<Breach> breaches) {

  /** A breach as recorded when its due time passed. */
  public record Breach(String target, Instant dueAt, Instant at) {
  }

  public SlaSummary {
    breaches = List.copyOf(breaches);
  }

  /** What the clocks say now, with the breaches recorded so far. */
  public static SlaSummary of(String policyId, SlaClocks.Report report, List<Breach> recorded) {
    SlaClocks.Clock first = report.clock(SlaTarget.FIRST_RESPONSE);
    SlaClocks.Clock next = report.clock(SlaTarget.NEXT_RESPONSE);
    SlaClocks.Clock resolution = report.clock(SlaTarget.RESOLUTION);
    return new SlaSummary(policyId, first == null ? null : first.dueAt(), next != null && next.running() ? next.dueAt() : null,
        resolution == null ? null : resolution.dueAt(), first == null ? null : first.metAt(), recorded);
  }
}
