package dev.omnihub.hub.logging;

import java.util.regex.Pattern;

/**
 * Text from outside (a mail server's or an SMS provider's refusal) made fit for the log: such answers
 * often echo the recipient ({@code 550 5.1.1 <ana@example.com>: no such mailbox}), and a customer's
 * address or number must never reach a log (LogHygieneIT). The message is kept; the identity is masked.
 */
public final class LogText {

  private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
  private static final Pattern PHONE = Pattern.compile("(?<![\\w+])\\+\\d{8,15}\\b");

  private LogText() {
  }

  /** {@code text} with email addresses as {@code <address>} and international phone numbers as {@code <number>}; null stays null. */
  public static String withoutIdentities(String text) {
    if (text == null) {
      return null;
    }
    return PHONE.matcher(EMAIL.matcher(text).replaceAll("<address>")).replaceAll("<number>");
  }
}
