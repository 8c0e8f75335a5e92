package dev.omnihub.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SynonymsTest {

  private final Synonyms synonyms = Synonyms.parse(List.of("# comment", "", "nicked, pinched => stolen",
      "gift voucher, giftcard => gift card", "代金券 => 优惠券"));

  @Test
  void replacesWholeWordsAndPhrasesInAnyCase() {
    assertThat(synonyms.rewrite("my phone got NICKED on the bus")).isEqualTo("my phone got stolen on the bus");
    assertThat(synonyms.rewrite("Gift Voucher from grandma, and a giftcard")).isEqualTo("gift card from grandma, and a gift card");
  }

  @Test
  void leavesWordsThatOnlyContainAVariantAlone() {
    assertThat(synonyms.rewrite("the nickedness of it, unpinched")).isEqualTo("the nickedness of it, unpinched");
    assertThat(synonyms.rewrite("a voucher code")).as("voucher alone is ambiguous: not in the list").isEqualTo("a voucher code");
  }

  @Test
  void replacesChineseVariantsInsideText() {
    assertThat(synonyms.rewrite("我的代金券用不了")).isEqualTo("我的优惠券用不了");
  }

  @Test
  void theShippedListParsesAndKnowsCustomerSlang() {
    Synonyms standard = Synonyms.standard();
    assertThat(standard.rewrite("someone pinched my parcel")).isEqualTo("someone stolen my parcel");
    assertThat(standard.rewrite("购物卡怎么用")).isEqualTo("礼品卡怎么用");
  }

  @Test
  void refusesARuleWithoutATarget() {
    assertThatThrownBy(() -> Synonyms.parse(List.of("nicked, pinched"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nicked, pinched");
  }
}
