package dev.omnihub.hub.events;

import io.vertx.core.json.JsonObject;

/**
 * The screen pop of a ringing or answered call: who calls (the customer with identities), their open
 * conversation and the last messages and timeline events of any channel, so the agent who picks up
 * already knows. For the agent the call is routed to, else for every agent.
 *
 * @param payload       {@code {type: "call.incoming", callId, from, to, at, customer, conversation, recent}}
 * @param targetAgentId the agent named by the call's {@code agentEmail}, or {@code null} for all
 */
public record CallIncoming(JsonObject payload, String targetAgentId) implements HubEvent {

  public static final String TYPE = "call.incoming";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String address() {
    return EventAddresses.CALL_ACTIVITY;
  }

  @Override
  public String conversationId() {
    JsonObject conversation = payload.getJsonObject("conversation");
    return conversation == null ? null : conversation.getString("id");
  }

  @Override
  public String assigneeId() {
    return targetAgentId;
  }

  @Override
  public String queueId() {
    return null;
  }

  public String callId() {
    return payload.getString("callId");
  }

  @Override
  public JsonObject toJson() {
    return payload.copy().put("type", TYPE).put("targetAgentId", targetAgentId);
  }

  public static CallIncoming fromJson(JsonObject json) {
    JsonObject payload = json.copy();
    payload.remove("type");
    String target = (String) payload.remove("targetAgentId");
    return new CallIncoming(payload, target);
  }
}
