package dev.omnihub.hub.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** What tests look for in an agent socket's frames: a channel's messages, by external id, in cursor order. */
public final class AgentFrames {

  private AgentFrames() {
  }

  /** Posts a customer message with this external id to an api channel and expects it accepted. */
  public static void send(HubClient client, JsonObject channel, String externalId) {
    assertThat(client.webhook(channel, HubClient.message(externalId, new JsonObject().put("email", "agent-feed@example.com"),
        "text " + externalId)).status()).isEqualTo(200);
  }

  public static boolean isMessage(JsonObject frame, JsonObject channel, String externalId) {
    return isMessageOn(frame, channel) && externalId.equals(frame.getJsonObject("message").getString("externalId"));
  }

  public static boolean isMessageOn(JsonObject frame, JsonObject channel) {
    return "message.created".equals(frame.getString("type"))
        && channel.getString("id").equals(frame.getJsonObject("message").getString("channelId"));
  }

  /** The external ids of the messages of {@code channel} among the frames, in the order they came. */
  public static List<String> messageIds(List<JsonObject> frames, JsonObject channel) {
    return frames.stream().filter(frame -> isMessageOn(frame, channel))
        .map(frame -> frame.getJsonObject("message").getString("externalId")).toList();
  }

  /** Fails unless the frames' cursors increase. */
  public static void assertIncreasing(List<JsonObject> frames) {
    long previous = -1;
    for (JsonObject frame : frames) {
      if (frame.getString("cursor") == null) {
        continue;
      }
      long cursor = Long.parseLong(frame.getString("cursor"), 36);
      assertThat(cursor).as("cursors increase").isGreaterThan(previous);
      previous = cursor;
    }
  }
}
