package dev.omnihub.hub.customer;

import com.mongodb.client.model.Filters;
import dev.omnihub.adapters.spi.IdentityKind;
import dev.omnihub.adapters.spi.InputRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bson.conversions.Bson;

/**
 * The customers a search of the inbox names ({@code GET /api/v1/conversations?q=}): those whose name or
 * one of whose email addresses contains the text, case ignored, and, when the text looks like a phone
 * number (only digits and {@code + - ( ) . /} or spaces, at least {@value #MIN_PHONE_DIGITS} digits),
 * those one of whose numbers contains its digits: {@code +49 151 2345} and {@code 4915 12345} both find
 * {@code +4915123456789}. Case is ignored by lower-casing both sides (root locale).
 *
 * <p>The store finds candidates by one literal, case-sensitive regular expression on the profile's
 * {@value #SEARCH_TEXT}: its lower-cased name, email addresses and phone numbers in one string, which
 * {@link CustomerStore} keeps. The embedded store scans that in less than half the time the name and
 * the identities array take with case-insensitive patterns (docs/architecture.md has the figures).
 * {@link #matches} then decides on the profile's own name and identities, so a candidate that matched
 * only across two parts of the text, or by digits in an email address, is dropped. What the user typed
 * is always quoted: it is matched as text, never run as a pattern.
 */
public final class CustomerMatch {

  /** Longest text searched for (longer is refused: no name or address is that long). */
  public static final int MAX_LENGTH = 200;
  /** The profile field {@link CustomerStore} keeps for searches. */
  public static final String SEARCH_TEXT = "searchText";
  private static final int MIN_PHONE_DIGITS = 3;
  /** What may stand between a number's digits, besides spaces. */
  private static final String PHONE_PUNCTUATION = "+-()./";
  private static final String EMAIL = IdentityKind.EMAIL.wireName() + ":";
  private static final String PHONE = IdentityKind.PHONE.wireName() + ":";

  private final String text;
  private final String digits;

  private CustomerMatch(String text, String digits) {
    this.text = text;
    this.digits = digits;
  }

  /**
   * @param q     what the agent typed; surrounding spaces do not count
   * @param field the parameter it came in, named when it is refused
   * @return the match, or {@code null} when there is nothing to search for (no text, or only spaces)
   * @throws InputRejectedException naming {@code field} when the text is longer than {@value #MAX_LENGTH} characters
   */
  public static CustomerMatch of(String q, String field) {
    if (q == null) {
      return null;
    }
    if (q.codePointCount(0, q.length()) > MAX_LENGTH) {
      throw InputRejectedException.invalid(field, field + " must be at most " + MAX_LENGTH + " characters");
    }
    String stripped = q.strip();
    if (stripped.isEmpty()) {
      return null;
    }
    return new CustomerMatch(lower(stripped), phoneDigits(stripped));
  }

  /** The digits of a text that looks like a phone number, or {@code null} for other text. */
  private static String phoneDigits(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isDigit(c) && PHONE_PUNCTUATION.indexOf(c) < 0 && !Character.isWhitespace(c)) {
        return null;
      }
    }
    String digits = digitsOf(text);
    return digits.length() >= MIN_PHONE_DIGITS ? digits : null;
  }

  /** Whether a profile with this name and these identity keys ({@code email:...}) is one this search names. */
  public boolean matches(String name, List<String> identityKeys) {
    if (name != null && lower(name).contains(text)) {
      return true;
    }
    for (String key : identityKeys) {
      if (key.startsWith(EMAIL) && lower(key.substring(EMAIL.length())).contains(text)) {
        return true;
      }
      if (digits != null && key.startsWith(PHONE) && digitsOf(key.substring(PHONE.length())).contains(digits)) {
        return true;
      }
    }
    return false;
  }

  /** The profiles worth asking {@link #matches}: every match is among them. */
  Bson candidates() {
    Bson byText = Filters.regex(SEARCH_TEXT, literal(text));
    return digits == null || digits.equals(text) ? byText : Filters.or(byText, Filters.regex(SEARCH_TEXT, literal(digits)));
  }

  /** A pattern matching exactly this text: nothing in it is read as regular-expression syntax. */
  private static Pattern literal(String text) {
    return Pattern.compile(Pattern.quote(text));
  }

  /**
   * What a profile with this name and these identity keys keeps in {@value #SEARCH_TEXT}: the lower-cased
   * name, email addresses and phone numbers (E.164, so their digits are contiguous), one per line.
   */
  public static String searchText(String name, List<String> identityKeys) {
    List<String> parts = new ArrayList<>();
    if (name != null) {
      parts.add(lower(name));
    }
    for (String key : identityKeys) {
      if (key.startsWith(EMAIL)) {
        parts.add(lower(key.substring(EMAIL.length())));
      } else if (key.startsWith(PHONE)) {
        parts.add(key.substring(PHONE.length()));
      }
    }
    return String.join("\n", parts);
  }

  private static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  private static String digitsOf(String text) {
    StringBuilder digits = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      if (isDigit(text.charAt(i))) {
        digits.append(text.charAt(i));
      }
    }
    return digits.toString();
  }

  /** The digits numbers are written with (E.164 has no others). */
  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
