package dev.omnihub.adapters.sms;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request validation (Twilio docs, "Webhooks security"): every webhook carries
 * {@code X-Twilio-Signature}, the base64 HMAC-SHA1, keyed with the account's auth token, of the full
 * URL Twilio requested (scheme, host, port if any, path and query string, exactly as written) followed,
 * for a form POST, by each POST parameter's name and then its value, with no delimiters, the names in
 * case-sensitive (Unix byte) order. A GET has its parameters in the query string only.
 *
 * <p>The URL is taken as Twilio requested it, i.e. as configured at Twilio, not as this server sees it
 * behind a proxy: it is not normalized, so {@code http} for {@code https}, another host, another port,
 * another query order or a trailing slash ({@code /sms} against {@code /sms/}) each give another
 * signature. One exception: Twilio is inconsistent about writing the scheme's default port
 * ({@code :443}, {@code :80}) into the URL it signs, so its own helper libraries accept the signature
 * of the URL with and without it; {@link #matches} does the same. (Those libraries also drop any other
 * port; this class does not: {@code :8443} must be in both URLs or in neither.)
 *
 * <p>A parameter sent several times is signed once per distinct value, the values sorted, as Twilio's
 * helper libraries (twilio-python, twilio-node) build it; Twilio's page describes single values only.
 */
public final class TwilioSignature {

  public static final String HEADER = "X-Twilio-Signature";

  private static final String HMAC_SHA1 = "HmacSHA1";

  private TwilioSignature() {
  }

  /**
   * The signature Twilio sends for a request to {@code url} with these POST parameters.
   *
   * @param formParams the decoded form parameters (empty or {@code null} for a GET or a JSON body);
   *     a {@code null} value counts as the empty string
   */
  public static String compute(String url, Map<String, List<String>> formParams, String authToken) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(authToken, "authToken");
    if (authToken.isEmpty()) {
      throw new IllegalArgumentException("authToken must not be empty");
    }
    StringBuilder signed = new StringBuilder(url);
    if (formParams != null) {
      // TreeMap and TreeSet order by String.compareTo: the case-sensitive order Twilio documents.
      new TreeMap<>(formParams).forEach((name, values) -> {
        TreeSet<String> distinct = new TreeSet<>();
        if (values != null) {
          values.forEach(value -> distinct.add(value == null ? "" : value));
        }
        distinct.forEach(value -> signed.append(name).append(value));
      });
    }
    return Base64.getEncoder().encodeToString(hmacSha1(authToken, signed.toString()));
  }

  /**
   * Whether {@code headerValue} (the request's {@value #HEADER}) is Twilio's signature of this
   * request. A missing or blank header never matches. The comparison takes the same time whichever
   * byte differs.
   */
  public static boolean matches(String url, Map<String, List<String>> formParams, String authToken, String headerValue) {
    if (headerValue == null || headerValue.isBlank()) {
      return false;
    }
    byte[] given = headerValue.strip().getBytes(StandardCharsets.US_ASCII);
    boolean matched = false;
    for (String candidate : withAndWithoutDefaultPort(url)) {
      byte[] expected = compute(candidate, formParams, authToken).getBytes(StandardCharsets.US_ASCII);
      // No short cut: timing must not tell which candidate matched.
      matched |= MessageDigest.isEqual(expected, given);
    }
    return matched;
  }

  /** {@code url}, plus the same URL with the scheme's default port added or removed (http and https only). */
  static List<String> withAndWithoutDefaultPort(String url) {
    List<String> urls = new ArrayList<>(2);
    urls.add(url);
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      return urls;
    }
    String defaultPort = switch (url.substring(0, schemeEnd).toLowerCase(Locale.ROOT)) {
      case "https" -> ":443";
      case "http" -> ":80";
      default -> null;
    };
    if (defaultPort == null) {
      return urls;
    }
    int hostStart = schemeEnd + 3;
    int authorityEnd = hostStart;
    while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    String authority = url.substring(hostStart, authorityEnd);
    // The port follows the last ':' after any user info and after an IPv6 literal's ']'.
    int hostAt = Math.max(authority.lastIndexOf('@') + 1, authority.lastIndexOf(']') + 1);
    int colon = authority.indexOf(':', hostAt);
    String prefix = url.substring(0, hostStart);
    String rest = url.substring(authorityEnd);
    if (colon < 0) {
      urls.add(prefix + authority + defaultPort + rest);
    } else if (authority.substring(colon).equals(defaultPort)) {
      urls.add(prefix + authority.substring(0, colon) + rest);
    }
    return urls;
  }

  private static byte[] hmacSha1(String key, String data) {
    try {
      Mac mac = Mac.getInstance(HMAC_SHA1);
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), HMAC_SHA1));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
    }
  }
}
