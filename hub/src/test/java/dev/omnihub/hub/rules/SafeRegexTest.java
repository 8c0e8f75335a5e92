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
    for (String slow : new String[] {"^(([a-z])+.)+[A-Z]([a-z])+$", "(x+x+)+y", "^(\\w+\\s?)*[A-Z]$", "(a|aa)+$"}) {
      assertThatThrownBy(() -> SafeRegex.compileChecked(slow)).as(slow).isInstanceOf(SafeRegex.Refused.class);
    }
    for (String ordinary : new String[] {"refund", ".*refund.*", "(refund|money back).*(order|parcel)\\s*#?\\d+", "^\\s*(hi|hello)\\b",
        "[\\w.+-]+@[\\w-]+\\.[\\w.]+", "退款|退货"}) {
      assertThat(SafeRegex.compileChecked(ordinary)).as(ordinary).isNotNull();
    }
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
  }
}
