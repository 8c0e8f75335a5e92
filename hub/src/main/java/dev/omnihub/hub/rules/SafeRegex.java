package dev.omnihub.hub.rules;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Regular expressions from rules, which run on what customers write: one that backtracks for ages on
 * a hostile text (a catastrophic {@code (a+)+$}) is refused when the rule is saved, measured against
 * such texts, and every match at run time is cut off at a deadline, so no message can stall the rules.
 * Java's matcher cannot be interrupted, so the text it reads checks the clock as it is read.
 */
public final class SafeRegex {

  /** Longest a pattern may take on a hostile text at save. */
  public static final Duration SAVE_LIMIT = Duration.ofMillis(50);
  /** Longest a match may take at run time before it counts as no match. */
  static final Duration RUN_LIMIT = Duration.ofMillis(50);
  private static final int MAX_PATTERN_LENGTH = 500;
  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
  /**
   * Texts that make a backtracking matcher work hardest: runs of one character (and of a few), each
   * spoiled at the end; 500 characters lets a quadratic pattern ({@code .*refund.*}) through and
   * stops a cubic or exponential one.
   */
  private static final List<String> HOSTILE = hostileTexts();

  private SafeRegex() {
  }

  /** Why a pattern was refused. */
  public static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  /**
   * Compiles the pattern (case-insensitive, as the other text operators) and times it on hostile texts.
   *
   * @throws Refused when it does not compile, is too long, or takes over {@link #SAVE_LIMIT} on one of them
   */
  public static Pattern compileChecked(String regex) {
    if (regex.length() > MAX_PATTERN_LENGTH) {
      throw new Refused("a pattern is at most " + MAX_PATTERN_LENGTH + " characters");
    }
    Pattern pattern;
    try {
      pattern = compile(regex);
    } catch (PatternSyntaxException e) {
      throw new Refused("not a regular expression: " + e.getDescription());
    }
    if (nestedRepetition(regex)) {
      throw new Refused("the pattern repeats a group that repeats inside (such as (a+)+ or (\\w+\\s?)*), which can backtrack without"
          + " end on a hostile text; repeat once, such as a+ or [\\w\\s]+");
    }
    for (String hostile : HOSTILE) {
      if (!fastEnough(pattern, hostile)) {
        throw new Refused("the pattern takes over " + SAVE_LIMIT.toMillis() + " ms on a hostile text of " + hostile.length()
            + " characters (nested repetition such as (a+)+ backtracks without end); simplify it");
      }
    }
    return pattern;
  }

  /**
   * Whether an unbounded repetition ({@code *}, {@code +}, {@code {n,}}) applies to a group with one
   * inside: the shape of every classic catastrophic pattern. The JDK's matcher happens to take some of
   * them ({@code (a+)+$}) in linear time, others not, and a timing that depends on the JIT is no rule to
   * refuse by; the shape is.
   */
  static boolean nestedRepetition(String regex) {
    java.util.ArrayDeque<Boolean> outer = new java.util.ArrayDeque<>();
    boolean repeatsInside = false;
    boolean afterRepeatingGroup = false;
    boolean afterQuantifier = false;
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (inClass) {
        if (c == '\\') {
          i++;
        } else if (c == ']') {
          inClass = false;
        }
        continue;
      }
      boolean unbounded = c == '*' || c == '+' || (c == '{' && regex.indexOf('}', i) > 0
          && regex.substring(i, regex.indexOf('}', i)).matches("\\{\\d+,"));
      if (unbounded && !afterQuantifier) {
        if (afterRepeatingGroup) {
          return true;
        }
        repeatsInside = true;
        afterQuantifier = true;
        afterRepeatingGroup = false;
        if (c == '{') {
          i = regex.indexOf('}', i);
        }
        continue;
      }
      afterQuantifier = c == '?' || c == '}' || (unbounded && afterQuantifier);
      switch (c) {
        case '\\' -> {
          i++;
          afterRepeatingGroup = false;
        }
        case '[' -> {
          inClass = true;
          afterRepeatingGroup = false;
        }
        case '(' -> {
          outer.push(repeatsInside);
          repeatsInside = false;
          afterRepeatingGroup = false;
        }
        case ')' -> {
          boolean inner = repeatsInside;
          repeatsInside = (outer.isEmpty() ? false : outer.pop()) || inner;
          afterRepeatingGroup = inner;
        }
        case '?' -> {
          // optional, lazy or possessive: the group before it stays the group a repetition would apply to
        }
        default -> afterRepeatingGroup = false;
      }
    }
    return false;
  }

  /**
   * Whether a match on the text takes at most {@link #SAVE_LIMIT} of this thread's CPU: the best of five
   * tries, so that a pattern the JIT has not compiled yet is not refused for that; one that runs into
   * the (wall-clock) deadline fails each try at once.
   *
   * @throws Refused when matching recurses too deep for the stack (alternation in a loop on a long text)
   */
  private static boolean fastEnough(Pattern pattern, String text) {
    for (int attempt = 0; attempt < 5; attempt++) {
      long started = CPU.getCurrentThreadCpuTime();
      try {
        find(pattern, text, SAVE_LIMIT);
      } catch (TooSlow slow) {
        return false;
      } catch (StackOverflowError deep) {
        throw new Refused("the pattern recurses too deep on a long text (a repeated alternation such as (a|b)+); use a character class"
            + " such as [ab]+ or simplify it");
      }
      // This thread's CPU time: a busy machine (other threads, other processes) does not make a pattern slow.
      if (CPU.getCurrentThreadCpuTime() - started <= SAVE_LIMIT.toNanos()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Compiles a pattern checked when it was saved. A leading or trailing {@code .*} adds nothing to a
   * search for the pattern anywhere in the text but makes it quadratic ({@code .*refund.*} tries every
   * start and end), so it is dropped.
   */
  static Pattern compile(String regex) {
    return Pattern.compile(withoutLooseEnds(regex), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  static String withoutLooseEnds(String regex) {
    String trimmed = regex;
    while (trimmed.startsWith(".*") && trimmed.length() > 2 && trimmed.charAt(2) != '?' && trimmed.charAt(2) != '+') {
      trimmed = trimmed.substring(2);
    }
    while (trimmed.endsWith(".*") && trimmed.length() > 2 && !escaped(trimmed, trimmed.length() - 2)) {
      trimmed = trimmed.substring(0, trimmed.length() - 2);
    }
    return trimmed.isEmpty() ? regex : trimmed;
  }

  /** Whether the character at {@code index} is escaped by an odd number of backslashes before it. */
  private static boolean escaped(String text, int index) {
    int backslashes = 0;
    for (int i = index - 1; i >= 0 && text.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  /** Whether the pattern occurs in the text; a match that runs past the deadline (or the stack) counts as none. */
  public static boolean finds(Pattern pattern, String text) {
    try {
      return find(pattern, text, RUN_LIMIT);
    } catch (TooSlow | StackOverflowError tooMuch) {
      return false;
    }
  }

  private static boolean find(Pattern pattern, String text, Duration limit) {
    Matcher matcher = pattern.matcher(new Deadlined(text, System.nanoTime() + limit.toNanos()));
    return matcher.find();
  }

  private static List<String> hostileTexts() {
    String[] units = {"a", "x", "0", "1", " ", "ab", "aA", "a1", "a ", "a-", "a.", "aa!", "x.", "@a", "a\n"};
    List<String> texts = new java.util.ArrayList<>();
    for (String unit : units) {
      texts.add(unit.repeat(500 / unit.length()) + "!\u0000");
      texts.add(unit.repeat(40 / unit.length()) + "!\u0000");
    }
    return List.copyOf(texts);
  }

  private static final class TooSlow extends RuntimeException {
    TooSlow() {
      super(null, null, false, false);
    }
  }

  /** A text that gives up being read once its deadline has passed (checked every few thousand reads). */
  private static final class Deadlined implements CharSequence {
    private final String text;
    private final long deadline;
    private int reads;

    Deadlined(String text, long deadline) {
      this.text = text;
      this.deadline = deadline;
    }

    @Override
    public char charAt(int index) {
      if ((++reads & 0xFFF) == 0 && System.nanoTime() > deadline) {
        throw new TooSlow();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Deadlined(text.substring(start, end), deadline);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
