package dev.omnihub.hub.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures as the providers document them, written out here independently of the hub's own code,
 * so a test fails when the hub's verification drifts from the documented scheme.
 */
public final class ProviderSignatures {

  private ProviderSignatures() {
  }

  /**
   * Twilio's {@code X-Twilio-Signature} (its security docs): the full URL, then each POST parameter's
   * name and value, the names sorted; HMAC-SHA1 keyed with the auth token; base64.
   */
  public static String twilio(String authToken, String url, Map<String, String> form) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(form).forEach((name, value) -> data.append(name).append(value));
    return Base64.getEncoder().encodeToString(hmac("HmacSHA1", authToken, data.toString()));
  }

  /** API.md's {@code X-OmniHub-Signature}: {@code sha256=} hex HMAC-SHA256 of {@code "<timestamp>.<raw body>"}. */
  public static String omnihub(String secret, long timestamp, String body) {
    return "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", secret, timestamp + "." + body));
  }

  /** The same over a body already in bytes, without copying it (a load driver signs megabytes). */
  public static String omnihub(String secret, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] hmac(String algorithm, String key, String data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }
}
