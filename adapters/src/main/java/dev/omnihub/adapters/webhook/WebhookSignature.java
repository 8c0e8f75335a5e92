package dev.omnihub.adapters.webhook;

import dev.omnihub.adapters.spi.InputRejectedException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hub's one signing scheme, used in both directions (webhooks in, bot and integration webhooks
 * out): {@code X-OmniHub-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">} with the
 * channel secret, and {@code X-OmniHub-Timestamp: <unix seconds>} within five minutes of the
 * receiver's clock so that a captured request cannot be replayed later.
 */
public final class WebhookSignature {

  public static final String TIMESTAMP_HEADER = "X-OmniHub-Timestamp";
  public static final String SIGNATURE_HEADER = "X-OmniHub-Signature";
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  private static final String PREFIX = "sha256=";
  private static final HexFormat HEX = HexFormat.of();

  private WebhookSignature() {
  }

  /** The header value for {@code body} signed at {@code timestamp} (unix seconds). */
  public static String sign(String secret, long timestamp, Buffer body) {
    return PREFIX + HEX.formatHex(hmac(secret, timestamp, body));
  }

  /**
   * Checks a request's timestamp and signature. The header may carry several comma-separated
   * signatures (a sender rotating its secret); one match is enough.
   *
   * @throws InputRejectedException {@code UNAUTHENTICATED}: {@code missing_signature},
   *     {@code stale_timestamp} or {@code bad_signature}
   */
  public static void verify(String secret, MultiMap headers, Buffer body, Instant now) {
    String timestampHeader = headers.get(TIMESTAMP_HEADER);
    String signatureHeader = headers.get(SIGNATURE_HEADER);
    if (timestampHeader == null || signatureHeader == null) {
      throw InputRejectedException.unauthenticated("missing_signature",
          "requests must carry " + TIMESTAMP_HEADER + " and " + SIGNATURE_HEADER + " headers");
    }
    long timestamp = parseTimestamp(timestampHeader.trim());
    long skew = Math.abs(now.getEpochSecond() - timestamp);
    if (skew > TOLERANCE.toSeconds()) {
      throw InputRejectedException.unauthenticated("stale_timestamp", TIMESTAMP_HEADER + " is " + skew
          + " s away from the hub's clock; at most " + TOLERANCE.toSeconds() + " s is accepted");
    }
    byte[] expected = HEX.formatHex(hmac(secret, timestamp, body)).getBytes(StandardCharsets.US_ASCII);
    boolean matched = false;
    for (String candidate : signatureHeader.split(",")) {
      String value = candidate.trim();
      if (value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
        byte[] given = value.substring(PREFIX.length()).toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        // Constant-time compare; evaluate every candidate so timing does not reveal which one matched.
        matched |= MessageDigest.isEqual(expected, given);
      }
    }
    if (!matched) {
      throw InputRejectedException.unauthenticated("bad_signature",
          SIGNATURE_HEADER + " does not match the body signed with this channel's secret");
    }
  }

  private static long parseTimestamp(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw InputRejectedException.unauthenticated("stale_timestamp", TIMESTAMP_HEADER + " must be unix seconds, not '" + value + "'");
    }
  }

  private static byte[] hmac(String secret, long timestamp, Buffer body) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalStateException("channel has no signing secret");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
      // In slices: a 20 MiB transcript copied whole would be one more humongous array per request.
      byte[] slice = new byte[Math.min(body.length(), 64 * 1024)];
      for (int start = 0; start < body.length(); start += slice.length) {
        int end = Math.min(body.length(), start + slice.length);
        body.getBytes(start, end, slice, 0);
        mac.update(slice, 0, end - start);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
