package dev.omnihub.hub.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Patterns that backtrack without end on a hostile text are refused at save, ordinary ones pass, and a
 * match at run time never takes much longer than its deadline, whatever a customer writes.
 */
class SafeRegexTest {

  @Test
  void catastrophicPatternsAreRefusedAndOrdinaryOnesPass() {
    for (String slow : new String[] {"^(([a-z])+.)+[A-Z]([a-z])+$", "(x+x+)+y", "^(\\w+\\s?)*[A-Z]$", "(a+)+$", "^(a*)*b", "((ab)+c?){2,}"}) {
      assertThatThrownBy(() -> SafeRegex.compileChecked(slow)).as(slow).isInstanceOf(SafeRegex.Refused.class);
    }
    for (String ordinary : new String[] {"refund", ".*refund.*", "(refund|money back).*(order|parcel)\\s*#?\\d+", "^\\s*(hi|hello)\\b",
        "[\\w.+-]+@[\\w-]+\\.[\\w.]+", "退款|退货"}) {
      assertThat(SafeRegex.compileChecked(ordinary)).as(ordinary).isNotNull();
    }
    assertThat(SafeRegex.nestedRepetition("(\\d{3}-)+\\d{4}")).as("a bounded repetition inside").isFalse();
    assertThat(SafeRegex.nestedRepetition("[(a+)]+")).as("in a character class, + is a character").isFalse();
    assertThat(SafeRegex.nestedRepetition("\\(a+\\)+")).as("escaped brackets are characters").isFalse();
    assertThat(SafeRegex.nestedRepetition("(a+)?b+")).isFalse();
    assertThat(SafeRegex.withoutLooseEnds(".*refund.*")).as("the same search, in linear time").isEqualTo("refund");
    assertThat(SafeRegex.withoutLooseEnds("a\\.*")).as("an escaped dot stays").isEqualTo("a\\.*");
    assertThat(SafeRegex.withoutLooseEnds(".*")).isEqualTo(".*");
    assertThatThrownBy(() -> SafeRegex.compileChecked("(unclosed")).isInstanceOf(SafeRegex.Refused.class)
        .hasMessageContaining("not a regular expression");
  }

  @Test
  void aMatchOnAHostileMessageGivesUpAtItsDeadline() {
    Pattern evil = SafeRegex.compile("^(([a-z])+.)+[A-Z]([a-z])+$");
    String hostile = "a".repeat(5_000) + "!";
    long started = System.nanoTime();
    assertThat(SafeRegex.finds(evil, hostile)).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
    assertThat(SafeRegex.finds(SafeRegex.compile("REFUND"), "I want a refund")).as("case-insensitive").isTrue();
    assertThat(SafeRegex.finds(SafeRegex.compile("(a|aa)+$"), "a".repeat(200_000) + "!")).as("deeper than the stack: no match, no error")
        .isFalse();
  }
}
