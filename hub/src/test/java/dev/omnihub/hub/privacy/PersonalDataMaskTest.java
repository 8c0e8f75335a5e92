package dev.omnihub.hub.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PersonalDataMaskTest {

  private final PersonalDataMask mask = new PersonalDataMask("US");

  @Test
  void masksAddressesPhoneNumbersLongNumbersAndKnownNames() {
    String text = "Hi, Dana Kim here (dana.kim@mail.test, +49 30 1234567 or (415) 555-0100). Order 4411-2290-77 is late; ask Dana.";
    assertThat(mask.mask(text, List.of("Dana Kim")))
        .isEqualTo("Hi, [name] here ([email], [phone] or [phone]). Order [number] is late; ask [name].");
  }

  @Test
  void keepsShortNumbersAndWordsThatOnlyContainAName() {
    assertThat(mask.mask("Size 42 in 3 days, Danaher shoes", List.of("Dana"))).isEqualTo("Size 42 in 3 days, Danaher shoes");
  }

  @Test
  void findsNamesPeopleGiveOfThemselvesInEnglishAndChinese() {
    assertThat(PersonalDataMask.introducedNames("Hello, this is Ed Stone. My order is late")).containsExactly("Ed Stone");
    assertThat(PersonalDataMask.introducedNames("my name is Ana and I'm Upset")).contains("Ana");
    assertThat(PersonalDataMask.introducedNames("你好，我叫王小明，订单还没到")).containsExactly("王小明");
    assertThat(mask.mask("你好，我叫王小明，电话13812345678", PersonalDataMask.introducedNames("我叫王小明"))).doesNotContain("王小明", "13812345678");
  }
}
