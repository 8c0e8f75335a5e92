package dev.omnihub.adapters.voice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.adapters.spi.ChannelSettings;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.adapters.spi.WebhookInbound;
import dev.omnihub.adapters.spi.WebhookInboundContract;
import dev.omnihub.adapters.spi.WebhookRequest;
import dev.omnihub.adapters.webhook.WebhookSignature;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The voice adapter's transcript webhook against the webhook contract: signed like {@code api}, one message per call. */
class VoiceChannelAdapterTest implements WebhookInboundContract {

  private static final String SECRET = "voice-secret";
  private final VoiceChannelAdapter adapter = new VoiceChannelAdapter();
  private final ChannelSettings channel = new ChannelSettings("voice-1", ChannelType.VOICE, "Calls", SECRET, new JsonObject());

  @Override
  public WebhookInbound inbound() {
    return adapter;
  }

  @Override
  public ChannelSettings channel() {
    return channel;
  }

  @Override
  public WebhookRequest validRequest(String externalId, Instant now) {
    return signedRequest(transcript(externalId, "Hello, my router keeps dropping the connection.").toBuffer(), now);
  }

  @Override
  public WebhookRequest tamperedRequest(String externalId, Instant now) {
    WebhookRequest valid = validRequest(externalId, now);
    Buffer changed = Buffer.buffer(valid.body().toString().replace("router", "modem"));
    return new WebhookRequest(valid.url(), valid.headers(), valid.query(), changed, now);
  }

  @Override
  public WebhookRequest signedRequest(Buffer body, Instant now) {
    long timestamp = now.getEpochSecond();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")
        .add(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
        .add(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(SECRET, timestamp, body));
    return new WebhookRequest("https://hub.example.com/webhooks/voice/voice-1", headers, MultiMap.caseInsensitiveMultiMap(), body, now);
  }

  @Test
  void aTranscriptIsOneMessageOfTheCallerKeyedByTheCall() {
    InboundMessage message = adapter.parse(validRequest("call-7", Instant.parse("2026-11-25T10:00:00Z")), channel);

    assertThat(message.externalId()).isEqualTo("call:call-7");
    assertThat(message.sender().identities().get(0).value()).isEqualTo("+4930123456");
    assertThat(message.text()).contains("my router keeps dropping");
  }

  private static JsonObject transcript(String callId, String customerSays) {
    return new JsonObject().put("callId", callId).put("from", "+4930123456").put("to", "+4930999999")
        .put("startedAt", "2026-11-25T09:50:00Z").put("durationSec", 95).put("segments", new JsonArray()
            .add(new JsonObject().put("speaker", "customer").put("startMs", 0).put("endMs", 4200).put("text", customerSays))
            .add(new JsonObject().put("speaker", "agent").put("startMs", 4300).put("endMs", 7000).put("text", "Let me check that for you.")));
  }
}
