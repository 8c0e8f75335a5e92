package dev.omnihub.adapters.email;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Mail addresses as the email channel uses them: an inbox address, and the reply address with a
 * conversation token in its {@code +} part ({@code support+<token>@acme.test}) that the hub puts in
 * {@code Reply-To}, so an answer finds its conversation even when a mail client drops the threading
 * headers.
 */
public final class MailAddresses {

  private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>\"]+@[A-Za-z0-9.-]+\\.[A-Za-z0-9-]+|[^@\\s<>\"]+@[A-Za-z0-9-]+");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /**
   * An envelope recipient taken apart.
   *
   * @param inbox the address without its {@code +} part, lower-cased
   * @param token the {@code +} part, or {@code null}
   */
  public record Recipient(String inbox, String token) {
  }

  private MailAddresses() {
  }

  public static boolean isAddress(String value) {
    return value != null && value.length() <= 320 && ADDRESS.matcher(value).matches();
  }

  /** Parses {@code local+token@domain}; empty when it is no mail address. */
  public static Optional<Recipient> recipient(String address) {
    if (!isAddress(address)) {
      return Optional.empty();
    }
    String lower = address.strip().toLowerCase(Locale.ROOT);
    int at = lower.lastIndexOf('@');
    String local = lower.substring(0, at);
    int plus = local.indexOf('+');
    if (plus < 0) {
      return Optional.of(new Recipient(lower, null));
    }
    // Tokens are case-sensitive ids; take them from the address as written.
    String token = address.strip().substring(plus + 1, at);
    return Optional.of(new Recipient(local.substring(0, plus) + lower.substring(at), TOKEN.matcher(token).matches() ? token : null));
  }

  /** {@code support@acme.test} with token {@code abc} → {@code support+abc@acme.test}. */
  public static String withToken(String inbox, String token) {
    int at = inbox.lastIndexOf('@');
    return inbox.substring(0, at) + "+" + token + inbox.substring(at);
  }
}
