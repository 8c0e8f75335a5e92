package dev.omnihub.adapters.chat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Widget visitor tokens: {@code base64url(channelId|visitorId|userId) "." base64url(HMAC-SHA256)}
 * keyed with the channel's secret, so a token names one visitor of one channel and cannot be forged
 * or moved to another channel. {@code userId} is present only when the site verified it with its
 * {@code userHash}. Rotating the channel secret ends every visitor's session.
 */
public final class VisitorTokens {

  /** What a valid token says. */
  record Visitor(String channelId, String visitorId, String userId) {
  }

  private VisitorTokens() {
  }

  /** A token for a visitor of a channel (the session route's, and a load driver's). */
  public static String issue(String channelId, String visitorId, String userId, String secret) {
    String payload = channelId + "|" + visitorId + "|" + (userId == null ? "" : userId);
    return encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + encode(hmac(secret, payload));
  }

  /** The visitor a token names, if it is well formed and signed with this channel's secret. */
  static Optional<Visitor> verify(String token, String channelId, String secret) {
    if (token == null || secret == null) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    try {
      String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(signature, hmac(secret, payload))) {
        return Optional.empty();
      }
      String[] parts = payload.split("\\|", -1);
      if (parts.length != 3 || !parts[0].equals(channelId) || parts[1].isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new Visitor(parts[0], parts[1], parts[2].isEmpty() ? null : parts[2]));
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }

  /** The channel id a token claims (before it is verified with that channel's secret). */
  static Optional<String> claimedChannel(String token) {
    try {
      int dot = token == null ? -1 : token.indexOf('.');
      if (dot < 0) {
        return Optional.empty();
      }
      String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      int bar = payload.indexOf('|');
      return bar <= 0 ? Optional.empty() : Optional.of(payload.substring(0, bar));
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }

  /** The site's proof that it knows a user: hex HMAC-SHA256 of the user id with the channel secret. */
  static boolean userHashMatches(String userId, String userHash, String secret) {
    if (userHash == null) {
      return false;
    }
    byte[] expected = hmac(secret, userId);
    try {
      return MessageDigest.isEqual(expected, HexFormat.of().parseHex(userHash.strip().toLowerCase(java.util.Locale.ROOT)));
    } catch (IllegalArgumentException notHex) {
      return false;
    }
  }

  static byte[] hmac(String secret, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
