package dev.omnihub.hub.events;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * An agent's presence changed ({@code online}, {@code away}, {@code offline}): from their sockets or
 * set by hand. For supervisors (and every agent's socket).
 */
public record AgentPresence(String agentId, String status, Instant at) implements UnscopedEvent {

  public static final String TYPE = "presence";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String address() {
    return EventAddresses.PRESENCE;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("type", TYPE).put("agentId", agentId).put("status", status).put("at", at.toString());
  }

  public static AgentPresence fromJson(JsonObject json) {
    return new AgentPresence(json.getString("agentId"), json.getString("status"), Instant.parse(json.getString("at")));
  }
}
