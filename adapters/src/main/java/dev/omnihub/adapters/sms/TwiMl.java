package dev.omnihub.adapters.sms;

import java.util.Objects;

/**
 * The TwiML bodies the SMS channel answers Twilio's webhooks with: an empty {@code <Response/>} (stored,
 * no reply) or one {@code <Message>} replying to the sender.
 */
public final class TwiMl {

  public static final String CONTENT_TYPE = "text/xml; charset=UTF-8";

  private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

  private TwiMl() {
  }

  /** {@code <?xml version="1.0" encoding="UTF-8"?><Response/>}: Twilio sends nothing back. */
  public static String emptyResponse() {
    return DECLARATION + "<Response/>";
  }

  /** A reply of {@code text}, escaped; characters XML 1.0 cannot carry are left out. */
  public static String message(String text) {
    Objects.requireNonNull(text, "text");
    return DECLARATION + "<Response><Message>" + escape(text) + "</Message></Response>";
  }

  /**
   * Escapes the five XML special characters and drops what XML 1.0 does not allow at all (control
   * characters other than tab, line feed and carriage return, unpaired surrogates, U+FFFE and U+FFFF):
   * no escape makes them legal, and one would make Twilio reject the whole answer.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.codePoints().forEach(c -> {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (allowedInXml(c)) {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.toString();
  }

  // XML 1.0, production [2] Char.
  private static boolean allowedInXml(int c) {
    return c == 0x9 || c == 0xA || c == 0xD
        || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }
}
