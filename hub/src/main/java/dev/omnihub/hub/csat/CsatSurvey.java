package dev.omnihub.hub.csat;

import java.time.Instant;

/**
 * One survey: asked once for one resolution of a conversation, on the channel of the customer's last
 * message, answered at most once.
 *
 * @param id      {@code <conversationId>:<resolution millis>}: one per resolution, whatever runs again
 * @param status  {@code scheduled} (waiting for its delay), {@code sent}, {@code answered}, {@code cancelled}
 * @param agentId the agent the conversation was assigned to when it was resolved
 * @param smsKey  for a survey sent by SMS, {@code <channelId>|<number>}: the customer's next digit answers it
 */
public record CsatSurvey(String id, String conversationId, String customerId, String channelId, String channelType, String agentId,
    String queueId, String question, String status, Instant dueAt, Instant askedAt, String smsKey, Instant answeredAt, Integer score,
    String comment) {

  public static final String SCHEDULED = "scheduled";
  public static final String SENT = "sent";
  public static final String ANSWERED = "answered";
  public static final String CANCELLED = "cancelled";
}
