package dev.omnihub.adapters.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
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

  /**
   * A request carrying {@code body} exactly, authenticated as the provider would authenticate it (its
   * signature computed over these bytes), so that what follows the check, the parser, is what refuses
   * or takes it.
   */
  WebhookRequest signedRequest(Buffer body, Instant now);

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

  /**
   * Random bytes that pass the signature are refused by the parser with a typed rejection (invalid or
   * too large, never "unauthenticated", which would mean the parser was never reached), never with a
   * crash.
   */
  @RepeatedTest(20)
  default void refusesGarbageWithATypedRejection(RepetitionInfo repetition) {
    Random random = new Random(repetition.getCurrentRepetition());
    byte[] junk = new byte[random.nextInt(512)];
    random.nextBytes(junk);
    WebhookRequest garbage = signedRequest(Buffer.buffer(junk), Instant.parse("2026-11-25T10:00:00Z"));

    assertThatThrownBy(() -> inbound().parse(garbage, channel()))
        .isInstanceOfSatisfying(InputRejectedException.class,
            e -> assertThat(e.kind()).as("refused by the parser: %s", e.getMessage()).isNotEqualTo(InputRejectedException.Kind.UNAUTHENTICATED));
  }

  /** The signature fixture itself: the valid request's own bytes, signed again, are taken. */
  @Test
  default void aRequestSignedOverItsOwnBytesIsTaken() {
    Instant now = Instant.parse("2026-11-25T10:00:00Z");
    WebhookRequest valid = validRequest("contract-5", now);

    assertThat(inbound().parse(signedRequest(valid.body(), now), channel()).externalId()).contains("contract-5");
  }
}
