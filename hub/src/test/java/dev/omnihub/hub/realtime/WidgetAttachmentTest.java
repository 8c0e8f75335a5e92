package dev.omnihub.hub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Files from the widget: stored with the message once (a retry with the same clientId stores nothing
 * more), listed to the agent and the visitor, downloadable by the visitor with their token and by no
 * other visitor; too large or malformed files are refused with an error frame and store nothing.
 * One hub serves the class; each test looks only at the chat channel it created.
 */
class WidgetAttachmentTest {

  private static final byte[] PNG = Base64.getDecoder().decode(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

  @RegisterExtension
  static final HubExtension hub = new HubExtension();

  @Test
  void aVisitorSendsAFileThatTheAgentAndOnlyThatVisitorCanDownload() throws Exception {
    String channelId = chatChannel(new JsonObject());
    String token = session(channelId);
    String stranger = session(channelId);
    JsonObject frame = new JsonObject().put("type", "message").put("clientId", "f-1").put("text", "the broken part")
        .put("attachment", new JsonObject().put("name", "part.png").put("contentType", "image/png")
            .put("dataBase64", Base64.getEncoder().encodeToString(PNG)));
    JsonObject shown;
    try (SocketClient widget = widget(token)) {
      widget.send(frame);
      widget.await(f -> "ack".equals(f.getString("type")));
      widget.send(frame);
      widget.await(f -> "ack".equals(f.getString("type")) && widget.frames().stream().filter(x -> "ack".equals(x.getString("type"))).count() == 2);
      shown = widget.await(f -> "message".equals(f.getString("type")));
    }
    JsonObject listed = shown.getJsonArray("attachments").getJsonObject(0);
    assertThat(listed.getString("name")).isEqualTo("part.png");
    assertThat(listed.getLong("size")).isEqualTo(PNG.length);

    JsonObject message = hub.client().get("/api/v1/conversations?channel=" + channelId, hub.adminToken()).items().getJsonObject(0);
    var messages = hub.client().get("/api/v1/conversations/" + message.getString("id") + "/messages", hub.adminToken()).items();
    assertThat(messages).as("stored once").hasSize(1);
    String agentUrl = messages.getJsonObject(0).getJsonArray("attachments").getJsonObject(0).getString("url");
    assertThat(download(agentUrl, hub.adminToken())).isEqualTo(PNG);

    String visitorUrl = listed.getString("url");
    assertThat(download(visitorUrl + "?token=" + token, null)).isEqualTo(PNG);
    assertThat(status(visitorUrl + "?token=" + stranger)).as("another visitor's token").isEqualTo(404);
    assertThat(status(visitorUrl)).as("no token").isEqualTo(404);
    assertThat(status(visitorUrl.replace("/attachments/0", "/attachments/1") + "?token=" + token)).isEqualTo(404);
  }

  @Test
  void aFileOverTheChannelsLimitOrMalformedIsRefusedAndNothingIsStored() {
    String channelId = chatChannel(new JsonObject().put("maxAttachmentBytes", 1024));
    String token = session(channelId);
    try (SocketClient widget = widget(token)) {
      widget.send(new JsonObject().put("type", "message").put("clientId", "big").put("attachment", new JsonObject().put("name", "big.bin")
          .put("contentType", "application/octet-stream").put("dataBase64", Base64.getEncoder().encodeToString(new byte[2048]))));
      JsonObject tooLarge = widget.await(f -> "error".equals(f.getString("type")));
      assertThat(tooLarge.getString("code")).isEqualTo("attachment_too_large");
      assertThat(tooLarge.getString("clientId")).isEqualTo("big");

      widget.send(new JsonObject().put("type", "message").put("clientId", "bad").put("attachment", new JsonObject().put("name", "x.png")
          .put("contentType", "image/png").put("dataBase64", "@@not base64@@")));
      widget.await(f -> "error".equals(f.getString("type")) && "bad".equals(f.getString("clientId")));
      widget.send(new JsonObject().put("type", "message").put("clientId", "path").put("attachment", new JsonObject()
          .put("name", "../../etc/passwd").put("contentType", "text/plain").put("dataBase64", "aGk=")));
      JsonObject badName = widget.await(f -> "error".equals(f.getString("type")) && "path".equals(f.getString("clientId")));
      assertThat(badName.getString("code")).isEqualTo("invalid_field");

      widget.send(new JsonObject().put("type", "message").put("clientId", "ok").put("text", "still here"));
      widget.await(f -> "ack".equals(f.getString("type")) && "ok".equals(f.getString("clientId")));
    }
    JsonObject conversation = hub.client().get("/api/v1/conversations?channel=" + channelId, hub.adminToken()).items().getJsonObject(0);
    assertThat(hub.client().get("/api/v1/conversations/" + conversation.getString("id") + "/messages", hub.adminToken()).items())
        .as("only the good message").hasSize(1);
  }

  @Test
  void aLargeFileAndTheWordsSentRightAfterItAreTakenInTheOrderSent() {
    String channelId = chatChannel(new JsonObject());
    String token = session(channelId);
    byte[] photo = new byte[3 * 1024 * 1024];
    new java.util.Random(7).nextBytes(photo);
    try (SocketClient widget = widget(token)) {
      // The file's frame (4 MiB of base64) is read on a worker; the short one after it must wait its turn.
      widget.send(new JsonObject().put("type", "message").put("clientId", "photo").put("attachment", new JsonObject()
          .put("name", "damage.jpg").put("contentType", "image/jpeg").put("dataBase64", Base64.getEncoder().encodeToString(photo))));
      widget.send(new JsonObject().put("type", "message").put("clientId", "words").put("text", "as you can see, it arrived broken"));
      widget.await(f -> "ack".equals(f.getString("type")) && "words".equals(f.getString("clientId")));
      JsonObject photoAck = widget.await(f -> "ack".equals(f.getString("type")) && "photo".equals(f.getString("clientId")));
      JsonObject wordsAck = widget.await(f -> "ack".equals(f.getString("type")) && "words".equals(f.getString("clientId")));
      assertThat(photoAck.getInteger("seq")).isEqualTo(1);
      assertThat(wordsAck.getInteger("seq")).isEqualTo(2);

      widget.send("{\"type\": \"message\", \"text\": \"" + "x".repeat(100_000));
      assertThat(widget.await(f -> "error".equals(f.getString("type"))).getString("code")).as("a long frame that is no JSON")
          .isEqualTo("invalid_json");
    }
  }

  private static String chatChannel( JsonObject settings) {
    HttpResult created = hub.client().post("/api/v1/channels", settings.copy().put("type", "chat").put("name", "Website"), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static String session( String channelId) {
    HttpResult result = hub.client().post("/api/v1/widget/" + channelId + "/session", new JsonObject(), null);
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    return result.json().getString("visitorToken");
  }

  private static SocketClient widget( String token) {
    return SocketClient.connect(hub.hub().httpPort(), "/ws/widget?token=" + token + "&since=0");
  }

  private static byte[] download( String path, String bearer) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.client().baseUrl() + path));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static int status( String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(hub.client().baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
