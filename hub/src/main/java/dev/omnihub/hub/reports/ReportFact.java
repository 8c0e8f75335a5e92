package dev.omnihub.hub.reports;

import java.time.Instant;

/**
 * One thing that happened that the reports count, from the event (its {@code cursor}) that made it,
 * with the dimensions it counts under: a conversation started or reopened, a resolution and the time it
 * took, a first response and its time, a message in or out, an SLA target met or missed, a CSAT answer.
 *
 * @param channel the channel type; {@code null} when it has none yet
 * @param agentId the agent it counts for, or {@code null}
 * @param queueId the queue it counts for, or {@code null}
 * @param value   seconds for {@link Kind#FIRST_RESPONSE} and {@link Kind#RESOLVED}, the score for {@link Kind#CSAT}, 1/0 for {@link Kind#SLA}
 */
public record ReportFact(Kind kind, long cursor, Instant at, String channel, String agentId, String queueId, double value) {

  public enum Kind {
    /** Started or reopened: a contact to answer. */
    CONVERSATION,
    REOPENED,
    /** Resolved; {@code value} the seconds from its start (or reopening). */
    RESOLVED,
    /** The first human agent's reply; {@code value} the seconds from the start (or reopening). */
    FIRST_RESPONSE,
    MESSAGE_IN,
    MESSAGE_OUT,
    /** An SLA target that ended: {@code value} 1 when met, 0 when missed. */
    SLA,
    /** A satisfaction answer; {@code value} the score 1-5. */
    CSAT
  }

  public static ReportFact of(Kind kind, long cursor, Instant at, String channel, String agentId, String queueId) {
    return new ReportFact(kind, cursor, at, channel, agentId, queueId, 0);
  }

  public ReportFact valued(double newValue) {
    return new ReportFact(kind, cursor, at, channel, agentId, queueId, newValue);
  }
}
