package dev.omnihub.adapters.sms;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The opt-out and opt-in keywords of an inbound SMS, as Twilio's default handling knows them:
 * {@code STOP STOPALL UNSUBSCRIBE CANCEL END QUIT} opt out, {@code START UNSTOP} opt back in. A
 * keyword counts only alone in the body, in any case, with surrounding whitespace and one trailing
 * {@code .} or {@code !}; "stop sending me ads" is an ordinary message.
 */
public final class SmsKeywords {

  /** What an inbound body asks for. */
  public enum Intent {
    OPT_OUT,
    OPT_IN,
    NONE
  }

  /**
   * @param intent  what the body asks for
   * @param keyword the keyword found, upper-case, or {@code null} for {@link Intent#NONE}
   */
  public record Match(Intent intent, String keyword) {
  }

  private static final Match NO_KEYWORD = new Match(Intent.NONE, null);

  private static final Map<String, Intent> KEYWORDS = Map.of(
      "STOP", Intent.OPT_OUT,
      "STOPALL", Intent.OPT_OUT,
      "UNSUBSCRIBE", Intent.OPT_OUT,
      "CANCEL", Intent.OPT_OUT,
      "END", Intent.OPT_OUT,
      "QUIT", Intent.OPT_OUT,
      "START", Intent.OPT_IN,
      "UNSTOP", Intent.OPT_IN);

  // ASCII letters only, so that no locale's case rules (a Turkish dotless ı) turn another word into a
  // keyword; Unicode White_Space around it, which unlike String.strip() includes the no-break space.
  private static final Pattern ALONE = Pattern.compile("\\p{IsWhite_Space}*([A-Za-z]+)[.!]?\\p{IsWhite_Space}*");

  private SmsKeywords() {
  }

  /** Classifies an inbound body; {@code null} is no keyword. */
  public static Match classify(String body) {
    if (body == null) {
      return NO_KEYWORD;
    }
    Matcher matcher = ALONE.matcher(body);
    if (!matcher.matches()) {
      return NO_KEYWORD;
    }
    String word = matcher.group(1).toUpperCase(Locale.ROOT);
    Intent intent = KEYWORDS.get(word);
    return intent == null ? NO_KEYWORD : new Match(intent, word);
  }
}
