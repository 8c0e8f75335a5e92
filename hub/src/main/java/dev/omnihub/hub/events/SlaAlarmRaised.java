package dev.omnihub.hub.events;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * An SLA clock's warning ({@code sla.warning}, its {@code warnBefore} is left) or breach
 * ({@code sla.breached}, its due time passed unmet): for supervisors and the conversation's own agent,
 * not for the pool (API.md "Real time for agents"), and for rules.
 *
 * @param alarm {@code {conversationId, ticket: {id, number} | null, policyId, target, dueAt, at}}
 */
public record SlaAlarmRaised(String type, JsonObject alarm, String assigneeId, String queueId) implements HubEvent {

  public static final String WARNING = "sla.warning";
  public static final String BREACHED = "sla.breached";
  public static final Set<String> TYPES = Set.of(WARNING, BREACHED);

  public SlaAlarmRaised {
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("not an SLA alarm: " + type);
    }
  }

  @Override
  public String address() {
    return EventAddresses.SLA_ALARM;
  }

  @Override
  public String conversationId() {
    return alarm.getString("conversationId");
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("type", type).put("sla", alarm).put("assigneeId", assigneeId).put("queueId", queueId);
  }

  public static SlaAlarmRaised fromJson(JsonObject json) {
    return new SlaAlarmRaised(json.getString("type"), json.getJsonObject("sla"), json.getString("assigneeId"), json.getString("queueId"));
  }
}
