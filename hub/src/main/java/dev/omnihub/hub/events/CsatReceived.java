package dev.omnihub.hub.events;

import io.vertx.core.json.JsonObject;

/**
 * A customer answered a satisfaction survey ({@code csat.received}): for the agent who resolved the
 * conversation, supervisors and admins (never the pool), the reports and rules.
 *
 * @param csat {@code {surveyId, conversationId, score, comment, at, via, channel}}
 * @param agentId the agent who resolved it (its assignee then), or {@code null}
 */
public record CsatReceived(JsonObject csat, String agentId, String queueId) implements HubEvent {

  public static final String TYPE = "csat.received";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String address() {
    return EventAddresses.CSAT_RECEIVED;
  }

  @Override
  public String conversationId() {
    return csat.getString("conversationId");
  }

  @Override
  public String assigneeId() {
    return agentId;
  }

  public int score() {
    return csat.getInteger("score");
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("type", TYPE).put("csat", csat).put("assigneeId", agentId).put("queueId", queueId);
  }

  public static CsatReceived fromJson(JsonObject json) {
    return new CsatReceived(json.getJsonObject("csat"), json.getString("assigneeId"), json.getString("queueId"));
  }
}
