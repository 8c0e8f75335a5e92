package dev.omnihub.hub.events;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A phone call's progress ({@code call.started}, {@code call.answered}, {@code call.ended}) with the
 * customer it was matched to, for the agents who may take it.
 *
 * @param conversationId the caller's current conversation, or {@code null}
 * @param agentEmail     the agent the call is routed to, or {@code null}
 */
public record CallActivity(String type, String callId, String from, String to, Instant at, String agentEmail, String customerId,
    String conversationId, String assigneeId, String queueId) implements HubEvent {

  /** What every call event's type starts with. */
  public static final String PREFIX = "call.";

  @Override
  public String address() {
    return EventAddresses.CALL_ACTIVITY;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("type", type).put("callId", callId).put("from", from).put("to", to).put("at", at.toString())
        .put("agentEmail", agentEmail).put("customerId", customerId).put("conversationId", conversationId)
        .put("assigneeId", assigneeId).put("queueId", queueId);
  }

  public static CallActivity fromJson(JsonObject json) {
    return new CallActivity(json.getString("type"), json.getString("callId"), json.getString("from"), json.getString("to"),
        Instant.parse(json.getString("at")), json.getString("agentEmail"), json.getString("customerId"),
        json.getString("conversationId"), json.getString("assigneeId"), json.getString("queueId"));
  }
}
