package dev.omnihub.adapters.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnihub.adapters.spi.InputRejectedException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  private static final String SECRET = "s3cret-for-tests";
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  private static MultiMap headers(long timestamp, String signature) {
    return MultiMap.caseInsensitiveMultiMap()
        .add(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
        .add(WebhookSignature.SIGNATURE_HEADER, signature);
  }

  @Test
  void matchesAKnownVector() {
    // Computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 's3cret-for-tests'
    String signature = WebhookSignature.sign(SECRET, 1_700_000_000L, Buffer.buffer("{\"a\":1}"));
    assertThat(signature)
        .isEqualTo("sha256=2eb70eca19cbc2d1bbbc45dada8fc186f829f7c84eb9a408e16c06cfb4e48262");
  }

  @Test
  void acceptsItsOwnSignatureAndUpperCaseHex() {
    Buffer body = Buffer.buffer("{\"hello\":\"world\"}");
    long ts = NOW.getEpochSecond();
    String signature = WebhookSignature.sign(SECRET, ts, body);

    assertThatCode(() -> WebhookSignature.verify(SECRET, headers(ts, signature), body, NOW)).doesNotThrowAnyException();
    assertThatCode(() -> WebhookSignature.verify(SECRET, headers(ts, "sha256=" + signature.substring(7).toUpperCase()), body, NOW))
        .doesNotThrowAnyException();
  }

  @Test
  void acceptsAnyOfSeveralSignaturesDuringSecretRotation() {
    Buffer body = Buffer.buffer("{}");
    long ts = NOW.getEpochSecond();
    String both = WebhookSignature.sign("old-secret", ts, body) + ", " + WebhookSignature.sign(SECRET, ts, body);

    assertThatCode(() -> WebhookSignature.verify(SECRET, headers(ts, both), body, NOW)).doesNotThrowAnyException();
  }

  @Test
  void rejectsATimestampOutsideFiveMinutes() {
    Buffer body = Buffer.buffer("{}");
    long ts = NOW.minusSeconds(301).getEpochSecond();
    String signature = WebhookSignature.sign(SECRET, ts, body);

    assertThatThrownBy(() -> WebhookSignature.verify(SECRET, headers(ts, signature), body, NOW))
        .isInstanceOf(InputRejectedException.class).hasMessageContaining("301 s");
    long future = NOW.plusSeconds(301).getEpochSecond();
    assertThatThrownBy(() -> WebhookSignature.verify(SECRET, headers(future, WebhookSignature.sign(SECRET, future, body)), body, NOW))
        .isInstanceOf(InputRejectedException.class);
  }

  @Test
  void rejectsMissingHeaders() {
    assertThatThrownBy(() -> WebhookSignature.verify(SECRET, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{}"), NOW))
        .isInstanceOfSatisfying(InputRejectedException.class,
            e -> assertThat(e.code()).isEqualTo("missing_signature"));
  }

  /** Flipping any single byte of the body, or signing with a timestamp other than the one sent, fails. */
  @RepeatedTest(50)
  void rejectsAnyTamperedBody() {
    Random random = new Random();
    byte[] bytes = new byte[1 + random.nextInt(300)];
    random.nextBytes(bytes);
    long ts = NOW.getEpochSecond();
    String signature = WebhookSignature.sign(SECRET, ts, Buffer.buffer(bytes));
    byte[] tampered = bytes.clone();
    int index = random.nextInt(tampered.length);
    tampered[index] = (byte) (tampered[index] ^ (1 + random.nextInt(255)));

    assertThatThrownBy(() -> WebhookSignature.verify(SECRET, headers(ts, signature), Buffer.buffer(tampered), NOW))
        .isInstanceOfSatisfying(InputRejectedException.class,
            e -> assertThat(e.code()).isEqualTo("bad_signature"));
    assertThatThrownBy(() -> WebhookSignature.verify(SECRET, headers(ts - 1, signature), Buffer.buffer(bytes), NOW))
        .isInstanceOf(InputRejectedException.class);
  }
}
