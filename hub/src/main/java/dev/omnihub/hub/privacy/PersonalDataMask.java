package dev.omnihub.hub.privacy;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data in a text kept for others to read ("answered before"): e-mail addresses,
 * phone numbers (libphonenumber finds them as people write them, "+49 30 1234567", "(415) 555-0100"),
 * other long numbers (orders, cards, accounts), and the names the hub knows of the people in the
 * conversation. Names it does not know are not found; the text is for agents, never for customers.
 */
public final class PersonalDataMask {

  private static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}.-]+\\.\\p{L}{2,}");
  /** Five digits or more, with the separators people type inside them. */
  private static final Pattern LONG_NUMBER = Pattern.compile("\\d(?:[\\d -]{3,}\\d)");
  private static final int MIN_NAME_LENGTH = 2;
  private static final Pattern INTRODUCED = Pattern.compile(
      "(?i:\\bmy name is|\\bthis is|\\bi am|\\bi'm)\\s+(\\p{Lu}[\\p{L}'-]+(?:\\s+\\p{Lu}[\\p{L}'-]+)?)");
  private static final Pattern INTRODUCED_HAN = Pattern.compile("(?:我叫|我的名字是|我的名字叫)(\\p{IsHan}{2,3})");

  private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
  private final String defaultRegion;

  public PersonalDataMask(String defaultRegion) {
    this.defaultRegion = defaultRegion;
  }

  /**
   * Names people give of themselves in a text: "my name is Ed Stone", "this is Ed", "I'm Ana", "我叫王小明".
   * A name is one or two capitalised words (Latin) or two or three Han characters.
   */
  public static List<String> introducedNames(String text) {
    List<String> names = new ArrayList<>();
    if (text == null) {
      return names;
    }
    for (Pattern pattern : List.of(INTRODUCED, INTRODUCED_HAN)) {
      Matcher matcher = pattern.matcher(text);
      while (matcher.find()) {
        names.add(matcher.group(1));
      }
    }
    return names;
  }

  /** The text with personal data replaced by {@code [email]}, {@code [phone]}, {@code [number]}, {@code [name]}. */
  public String mask(String text, Collection<String> names) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String masked = EMAIL.matcher(text).replaceAll("[email]");
    masked = maskPhones(masked);
    masked = maskLongNumbers(masked);
    return maskNames(masked, names);
  }

  private String maskPhones(String text) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (PhoneNumberMatch match : phones.findNumbers(text, defaultRegion)) {
      out.append(text, at, match.start()).append("[phone]");
      at = match.end();
    }
    return out.append(text.substring(at)).toString();
  }

  private static String maskLongNumbers(String text) {
    Matcher matcher = LONG_NUMBER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      long digits = matcher.group().chars().filter(Character::isDigit).count();
      matcher.appendReplacement(out, digits >= 5 ? "[number]" : Matcher.quoteReplacement(matcher.group()));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** Whole names and each of their parts ("Dana", "Dana Kim", "Kim"), longest first, as whole words. */
  private static String maskNames(String text, Collection<String> names) {
    List<String> parts = new ArrayList<>();
    for (String name : names) {
      if (name == null || name.isBlank()) {
        continue;
      }
      parts.add(name.strip());
      for (String part : name.strip().split("\\s+")) {
        if (part.length() >= MIN_NAME_LENGTH) {
          parts.add(part);
        }
      }
    }
    parts.sort(Comparator.comparingInt(String::length).reversed());
    String masked = text;
    for (String part : parts) {
      // Word boundaries for Latin names; a Chinese name sits between other Han characters, so none there.
      boolean han = part.codePoints().anyMatch(point -> Character.UnicodeScript.of(point) == Character.UnicodeScript.HAN);
      String pattern = han ? Pattern.quote(part) : "(?<![\\p{L}\\p{N}])" + Pattern.quote(part) + "(?![\\p{L}\\p{N}])";
      masked = Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(masked).replaceAll("[name]");
    }
    return masked;
  }

  @Override
  public String toString() {
    return "PersonalDataMask[" + defaultRegion.toUpperCase(Locale.ROOT) + "]";
  }
}
