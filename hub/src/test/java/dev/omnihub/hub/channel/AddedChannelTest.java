package dev.omnihub.hub.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.adapters.webhook.WebhookSignature;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.WebhookReceiver;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A channel added by one package and one service line (the adapters' test {@code echo} channel, on
 * this classpath through their test-jar) works in the hub with no edit of it: it can be created, it
 * is documented, a provider's verification handshake is answered by it, a customer's message comes
 * in through its webhook, and a reply goes out through it.
 */
class AddedChannelTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();

  @Test
  void theEchoChannelTakesMessagesInAndRepliesOutThroughTheHub() {
    HubClient client = hub.client();
    try (WebhookReceiver integration = new WebhookReceiver()) {
      HttpResult created = client.post("/api/v1/channels", new JsonObject().put("type", "echo").put("name", "Echo")
          .put("webhookUrl", integration.url()), hub.adminToken());
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      JsonObject channel = created.json();
      integration.expectSecret(channel.getString("secret"));
      assertThat(channel.getString("type")).isEqualTo("echo");

      JsonObject body = HubClient.message("echo-1", new JsonObject().put("email", "eco@example.com"), "Hello from a new channel");
      long ts = Instant.now().getEpochSecond();
      HttpResult in = client.rawWebhook("/webhooks/echo/" + channel.getString("id"), body.encode(), Map.of(
          WebhookSignature.TIMESTAMP_HEADER, Long.toString(ts),
          WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(channel.getString("secret"), ts, Buffer.buffer(body.encode()))));
      assertThat(in.status()).as(in.toString()).isEqualTo(200);
      String conversationId = in.json().getString("conversationId");
      JsonObject conversation = client.get("/api/v1/conversations/" + conversationId, hub.adminToken()).json();
      assertThat(conversation.getJsonArray("channels")).contains("echo");

      HttpResult reply = client.post("/api/v1/conversations/" + conversationId + "/messages", new JsonObject().put("text", "Echo back"),
          hub.adminToken());
      assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !integration.accepted().isEmpty());
      assertThat(integration.accepted().get(0).getJsonObject("message").getString("text")).isEqualTo("Echo back");

      // The provider's handshake before it sends anything: answered by the channel's adapter.
      String url = "/webhooks/echo/" + channel.getString("id") + "?hub.mode=subscribe&hub.challenge=c-42&hub.verify_token=";
      HttpResult handshake = client.get(url + channel.getString("secret"), null);
      assertThat(handshake.status()).as(handshake.toString()).isEqualTo(200);
      assertThat(handshake.body()).isEqualTo("c-42");
      HttpResult wrongToken = client.get(url + "not-the-secret", null);
      assertThat(wrongToken.status()).isEqualTo(401);
      assertThat(wrongToken.errorCode()).isEqualTo("bad_verify_token");
      JsonObject api = client.createApiChannel(hub.adminToken(), "Plain", null);
      assertThat(client.get("/webhooks/api/" + api.getString("id") + "?hub.mode=subscribe", null).status())
          .as("a channel without a handshake: GET is not allowed, as before handshakes").isEqualTo(405);

      JsonObject openApi = client.get("/api/v1/openapi.json", null).json();
      assertThat(openApi.getJsonObject("components").getJsonObject("schemas").getJsonObject("ChannelType").getJsonArray("enum"))
          .as("the document lists the types the adapters declare").contains("echo", "api", "chat", "email", "sms", "voice");
      assertThat(openApi.getJsonObject("paths").getJsonObject("/webhooks/{type}/{channelId}").getJsonObject("get").getJsonArray("parameters")
          .getJsonObject(0).getJsonObject("schema").getJsonArray("enum")).as("types that take webhooks").contains("echo", "api", "sms")
          .doesNotContain("chat");
    }
  }
}
