package dev.omnihub.hub.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnihub.adapters.spi.InputRejectedException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a search of the inbox names, decided on a profile's own name and identities. */
class CustomerMatchTest {

  private static final List<String> ANA = List.of("email:ana.lima@example.com", "phone:+4915123456789", "visitor:v-777888");

  private static boolean names(String q, String name, List<String> identities) {
    return CustomerMatch.of(q, "q").matches(name, identities);
  }

  @Test
  void aNameOrAnEmailContainsTheTextInAnyCase() {
    assertThat(names("LIMA", "Ana Lima", List.of())).isTrue();
    assertThat(names("öz", "Mesut ÖZIL", List.of())).isTrue();
    assertThat(names("小龙", "李小龙", List.of())).isTrue();
    assertThat(names("LIMA@EXAMPLE", null, ANA)).isTrue();
    assertThat(names("bea", "Ana Lima", ANA)).isFalse();
  }

  @Test
  void aPhoneNumberIsComparedByItsDigitsWhateverTheFormat() {
    assertThat(names("+49 151 2345", null, ANA)).isTrue();
    assertThat(names("4915 12345", null, ANA)).isTrue();
    assertThat(names("(0151) 234-567", null, ANA)).as("digits in another order of groups").isFalse();
    assertThat(names("89", null, ANA)).as("two digits are no phone query").isFalse();
    assertThat(names("v-777", null, ANA)).as("visitor ids are not searched").isFalse();
    assertThat(names("777888", null, ANA)).as("nor are their digits").isFalse();
  }

  @Test
  void theStoredTextHoldsWhatIsSearchedOnePartALine() {
    assertThat(CustomerMatch.searchText("Ana LIMA", ANA)).isEqualTo("ana lima\nana.lima@example.com\n+4915123456789");
    assertThat(CustomerMatch.searchText(null, List.of())).isEmpty();
  }

  @Test
  void blankTextSearchesNothingAndLongTextIsRefused() {
    assertThat(CustomerMatch.of(null, "q")).isNull();
    assertThat(CustomerMatch.of("  \t ", "q")).isNull();
    assertThat(CustomerMatch.of("李".repeat(200), "q")).isNotNull();
    assertThatThrownBy(() -> CustomerMatch.of("x".repeat(201), "q")).isInstanceOf(InputRejectedException.class)
        .extracting(e -> ((InputRejectedException) e).field()).isEqualTo("q");
  }

  @Test
  void regularExpressionSyntaxIsText() {
    assertThat(names("a.*(", "Tina.*(Test", List.of())).isTrue();
    assertThat(names("a.*(", "Tina Anderson", List.of())).isFalse();
    assertThat(names("\\E.*", "x\\E.*y", List.of())).isTrue();
  }
}
