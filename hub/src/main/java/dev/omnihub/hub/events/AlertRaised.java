package dev.omnihub.hub.events;

import io.vertx.core.json.JsonObject;

/** A supervisor alert (API.md "Alerts"): for supervisors and admins only, never for agents. */
public record AlertRaised(JsonObject alert) implements SupervisorsEvent {

  public static final String TYPE = "alert.created";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String address() {
    return EventAddresses.ALERT_RAISED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("type", TYPE).put("alert", alert);
  }

  public static AlertRaised fromJson(JsonObject json) {
    return new AlertRaised(json.getJsonObject("alert"));
  }
}
