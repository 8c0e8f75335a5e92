package dev.omnihub.hub.events;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Two customer profiles became one; the loser's conversations now belong to the survivor. */
public record CustomerMerged(String survivorId, String loserId, List<String> conversationIds) implements UnscopedEvent {

  public static final String TYPE = "customer.merged";

  public CustomerMerged {
    conversationIds = List.copyOf(conversationIds);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String address() {
    return EventAddresses.CUSTOMER_MERGED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("type", TYPE).put("survivorId", survivorId).put("loserId", loserId)
        .put("conversationIds", new JsonArray(conversationIds));
  }

  public static CustomerMerged fromJson(JsonObject json) {
    return new CustomerMerged(json.getString("survivorId"), json.getString("loserId"),
        json.getJsonArray("conversationIds").stream().map(Object::toString).toList());
  }
}
