package dev.omnihub.hub.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.IdentityKind;
import dev.omnihub.adapters.spi.InputRejectedException;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The same person must map to the same key however a channel spells them (randomized, Lucene style). */
class IdentityNormalizerTest {

  private final IdentityNormalizer us = new IdentityNormalizer("US");
  private final IdentityNormalizer germany = new IdentityNormalizer("DE");

  @RepeatedTest(200)
  void anySpellingOfAPhoneNumberGivesTheSameE164() {
    Random random = new Random();
    String national = "151" + (10_000_000 + random.nextInt(89_999_999));
    String e164 = "+49" + national;
    List<String> spellings = List.of(
        e164,
        "+49 (0)" + national.substring(0, 3) + " " + national.substring(3),
        "+49-" + national.substring(0, 3) + "-" + national.substring(3, 7) + "-" + national.substring(7),
        " +49 " + national + " ");
    for (String spelling : spellings) {
      assertThat(us.normalize(ContactIdentity.phone(spelling)).key()).as(spelling).isEqualTo("phone:" + e164);
    }
    // Written nationally or with the local international prefix, it needs the configured region.
    assertThat(germany.normalize(ContactIdentity.phone("0" + national)).key()).isEqualTo("phone:" + e164);
    assertThat(germany.normalize(ContactIdentity.phone("0049 " + national)).key()).isEqualTo("phone:" + e164);
    assertThat(us.normalize(ContactIdentity.phone("011 49 " + national)).key()).isEqualTo("phone:" + e164);
  }

  @RepeatedTest(200)
  void anyCaseOrPaddingOfAnEmailGivesTheSameKey() {
    Random random = new Random();
    String address = "user" + random.nextInt(1_000_000) + ".name+tag@Example-" + random.nextInt(100) + ".COM";
    StringBuilder mixed = new StringBuilder();
    for (char c : address.toCharArray()) {
      mixed.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
    }
    String padded = " ".repeat(random.nextInt(3)) + mixed + "\t".repeat(random.nextInt(2));

    assertThat(us.normalize(ContactIdentity.email(padded)).key()).isEqualTo("email:" + address.toLowerCase(Locale.ROOT));
  }

  @Test
  void nationalNumbersUseTheDefaultRegion() {
    assertThat(us.normalize(ContactIdentity.phone("(415) 555-0133")).value()).isEqualTo("+14155550133");
    assertThat(germany.normalize(ContactIdentity.phone("030 123456")).value()).isEqualTo("+4930123456");
  }

  @Test
  void refusesWhatIsNotAnIdentityNamingTheKind() {
    assertRejected(IdentityKind.PHONE, "call me", "phone");
    assertRejected(IdentityKind.PHONE, "12", "phone");
    assertRejected(IdentityKind.EMAIL, "ana", "email");
    assertRejected(IdentityKind.EMAIL, "ana@example", "email");
    assertRejected(IdentityKind.EMAIL, "a b@example.com", "email");
    assertRejected(IdentityKind.VISITOR, "has spaces", "visitor");
    assertRejected(IdentityKind.EXTERNAL, "x".repeat(300), "externalUserId");
  }

  @Test
  void parsesUserGivenKeys() {
    assertThat(us.parseKey("email:Ana@Example.com", "identity").key()).isEqualTo("email:ana@example.com");
    assertThat(us.parseKey("external:crm-42", "identity").key()).isEqualTo("external:crm-42");
    assertThatThrownBy(() -> us.parseKey("fax:123", "identity"))
        .isInstanceOfSatisfying(InputRejectedException.class, e -> assertThat(e.field()).isEqualTo("identity"));
  }

  @Test
  void dropsRepeatedIdentitiesOfOneSender() {
    List<IdentityKey> keys = us.normalizeAll(List.of(ContactIdentity.email("A@x.io"), ContactIdentity.email("a@x.io "),
        ContactIdentity.phone("+1 415 555 0133"), ContactIdentity.phone("4155550133")));
    assertThat(keys).extracting(IdentityKey::key).containsExactly("email:a@x.io", "phone:+14155550133");
  }

  private void assertRejected(IdentityKind kind, String value, String field) {
    assertThatThrownBy(() -> us.normalize(kind, value))
        .isInstanceOfSatisfying(InputRejectedException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
