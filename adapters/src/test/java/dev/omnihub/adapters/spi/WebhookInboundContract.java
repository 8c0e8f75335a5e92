package dev.omnihub.adapters.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * What every webhook adapter must do, whatever its channel. An adapter's test implements this
 * interface and supplies the fixtures; the default methods are the tests (Apache James style).
 */
public interface WebhookInboundContract {

  WebhookInbound inbound();

  ChannelSettings channel();

  /** A correctly authenticated request carrying a message with the channel-native id {@code externalId}. */
  WebhookRequest validRequest(String externalId, Instant now);

  /** The same request with its authentication broken (a changed body or a wrong signature). */
  WebhookRequest tamperedRequest(String externalId, Instant now);

  @Test
  default void parsesAValidRequestIntoANormalizedMessage() {
    Instant now = Instant.parse("2026-11-25T10:00:00Z");
    InboundMessage message = inbound().parse(validRequest("contract-1", now), channel());

    assertThat(message.channel()).isEqualTo(channel().ref());
    assertThat(message.externalId()).contains("contract-1");
    assertThat(message.sender().identities()).isNotEmpty();
    assertThat(message.text().isBlank() && message.attachments().isEmpty()).isFalse();
  }

  @Test
  default void sameDeliveryAlwaysYieldsTheSameIdempotencyKey() {
    Instant now = Instant.parse("2026-11-25T10:00:00Z");
    InboundMessage first = inbound().parse(validRequest("contract-2", now), channel());
    InboundMessage retry = inbound().parse(validRequest("contract-2", now.plusSeconds(30)), channel());

    assertThat(retry.externalId()).isEqualTo(first.externalId());
    assertThat(retry.channel()).isEqualTo(first.channel());
  }

  @Test
  default void rejectsATamperedRequestAsUnauthenticated() {
    Instant now = Instant.parse("2026-11-25T10:00:00Z");
    assertThatThrownBy(() -> inbound().parse(tamperedRequest("contract-3", now), channel()))
        .isInstanceOfSatisfying(InputRejectedException.class,
            e -> assertThat(e.kind()).isEqualTo(InputRejectedException.Kind.UNAUTHENTICATED));
  }

  @Test
  default void acknowledgesAStoredMessageWithSuccess() {
    WebhookResponse response = inbound().acknowledge(new IngestAck("m1", "c1", "u1", false));
    assertThat(response.status()).isBetween(200, 299);
    assertThat(response.contentType()).isNotBlank();
  }

  @Test
  default void acceptsNothingLargerThanItsLimit() {
    assertThat(inbound().maxBodyBytes()).isBetween(1, 64 * 1024 * 1024);
  }

  /** Random bytes are refused with a typed rejection, never with a crash. */
  @RepeatedTest(20)
  default void refusesGarbageWithATypedRejection() {
    Random random = new Random();
    byte[] junk = new byte[random.nextInt(512)];
    random.nextBytes(junk);
    WebhookRequest valid = validRequest("contract-4", Instant.parse("2026-11-25T10:00:00Z"));
    WebhookRequest garbage = new WebhookRequest(valid.url(), valid.headers(), MultiMap.caseInsensitiveMultiMap(),
        Buffer.buffer(junk), valid.receivedAt());

    assertThatThrownBy(() -> inbound().parse(garbage, channel())).isInstanceOf(InputRejectedException.class);
  }
}
