package dev.omnihub.hub.events;

import io.vertx.core.json.JsonObject;

/** A customer claimed an identity another profile owns: an agent should decide whether to merge them. */
public record MergeSuggested(JsonObject suggestion) implements UnscopedEvent {

  public static final String TYPE = "customer.merge_suggested";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String address() {
    return EventAddresses.MERGE_SUGGESTED;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("type", TYPE).put("suggestion", suggestion);
  }

  public static MergeSuggested fromJson(JsonObject json) {
    return new MergeSuggested(json.getJsonObject("suggestion"));
  }
}
