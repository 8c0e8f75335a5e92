package dev.omnihub.hub.events;

import io.vertx.core.json.JsonObject;

/**
 * A customer profile was created (by a first message or call) or edited, carrying its API shape, so a
 * console shows the new name or tag without asking again.
 *
 * @param type {@code customer.created} or {@code customer.updated}
 */
public record CustomerChanged(String type, JsonObject customer) implements UnscopedEvent {

  public static final String CREATED = "customer.created";
  public static final String UPDATED = "customer.updated";

  public static CustomerChanged created(JsonObject customer) {
    return new CustomerChanged(CREATED, customer);
  }

  public static CustomerChanged updated(JsonObject customer) {
    return new CustomerChanged(UPDATED, customer);
  }

  @Override
  public String address() {
    return EventAddresses.CUSTOMER_CHANGED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("type", type).put("customer", customer);
  }

  public static CustomerChanged fromJson(JsonObject json) {
    return new CustomerChanged(json.getString("type"), json.getJsonObject("customer"));
  }
}
