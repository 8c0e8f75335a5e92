package dev.omnihub.adapters.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.adapters.sms.SmsSegments.Count;
import org.junit.jupiter.api.Test;

class SmsSegmentsTest {

  private static final String GSM = SmsSegments.GSM_7;
  private static final String UCS = SmsSegments.UCS_2;
  private static final String EMOJI = "😀"; // U+1F600, a surrogate pair

  @Test
  void theEmptyTextIsOneGsmSegment() {
    assertThat(SmsSegments.count("")).isEqualTo(new Count(GSM, 1, 0));
  }

  @Test
  void gsmTextFitsOneSegmentUpTo160Septets() {
    assertThat(SmsSegments.count("a".repeat(160))).isEqualTo(new Count(GSM, 1, 160));
    assertThat(SmsSegments.count("a".repeat(161))).isEqualTo(new Count(GSM, 2, 161));
  }

  @Test
  void longGsmTextTakes153SeptetsPerSegment() {
    assertThat(SmsSegments.count("a".repeat(306))).isEqualTo(new Count(GSM, 2, 306));
    assertThat(SmsSegments.count("a".repeat(307))).isEqualTo(new Count(GSM, 3, 307));
  }

  @Test
  void extensionCharactersCountTwoSeptets() {
    assertThat(SmsSegments.count("€".repeat(80))).isEqualTo(new Count(GSM, 1, 160));
    assertThat(SmsSegments.count("€".repeat(81))).isEqualTo(new Count(GSM, 2, 162));
    for (char c : "^{}\\[~]|€\f".toCharArray()) {
      assertThat(SmsSegments.count("a" + c)).as("U+%04X", (int) c).isEqualTo(new Count(GSM, 1, 3));
    }
  }

  @Test
  void anEscapedCharacterIsNeverSplitAcrossSegments() {
    // 306 septets would fill two segments exactly, but the € would straddle the first boundary.
    String text = "a".repeat(152) + "€" + "a".repeat(152);

    assertThat(SmsSegments.count(text)).isEqualTo(new Count(GSM, 3, 306));
  }

  @Test
  void ucs2TextFitsOneSegmentUpTo70CodeUnits() {
    assertThat(SmsSegments.count("中".repeat(70))).isEqualTo(new Count(UCS, 1, 70));
    assertThat(SmsSegments.count("中".repeat(71))).isEqualTo(new Count(UCS, 2, 71));
  }

  @Test
  void longUcs2TextTakes67CodeUnitsPerSegment() {
    assertThat(SmsSegments.count("中".repeat(134))).isEqualTo(new Count(UCS, 2, 134));
    assertThat(SmsSegments.count("中".repeat(135))).isEqualTo(new Count(UCS, 3, 135));
  }

  @Test
  void anEmojiTakesTwoCodeUnits() {
    assertThat(SmsSegments.count(EMOJI.repeat(35))).isEqualTo(new Count(UCS, 1, 70));
    assertThat(SmsSegments.count(EMOJI.repeat(36))).isEqualTo(new Count(UCS, 2, 72));
  }

  @Test
  void aSurrogatePairIsNeverSplitAcrossSegments() {
    // 134 code units would fill two segments exactly, but the emoji would straddle the first boundary.
    String text = "中".repeat(66) + EMOJI + "中".repeat(66);

    assertThat(SmsSegments.count(text)).isEqualTo(new Count(UCS, 3, 134));
  }

  @Test
  void oneCharacterOutsideTheAlphabetMakesTheWholeTextUcs2() {
    // ć (U+0107) is in no GSM table: the other 159 characters are now counted as UCS-2 too.
    assertThat(SmsSegments.count("a".repeat(159) + "ć")).isEqualTo(new Count(UCS, 3, 160));
    assertThat(SmsSegments.count("Grüße, Ñoño: 5€ ¿ok? @ΔΩ")).extracting(Count::encoding).isEqualTo(GSM);
    assertThat(SmsSegments.count("Hi " + EMOJI)).extracting(Count::encoding).isEqualTo(UCS);
  }

  @Test
  void onlyTheCapitalCCedillaIsInTheAlphabet() {
    // 3GPP TS 23.038 and Twilio's segment calculator have Ç at 0x09; Unicode's GSM0338.TXT has ç there instead.
    assertThat(SmsSegments.count("Ça va")).extracting(Count::encoding).isEqualTo(GSM);
    assertThat(SmsSegments.count("garçon")).extracting(Count::encoding).isEqualTo(UCS);
  }

  @Test
  void theTablesHoldTheWholeAlphabet() {
    // 128 codes less the escape; ten extension characters.
    assertThat(SmsSegments.GSM_BASIC.chars().distinct().count()).isEqualTo(127);
    assertThat(SmsSegments.GSM_BASIC).hasSize(127);
    assertThat(SmsSegments.GSM_EXTENSION.chars().distinct().count()).isEqualTo(10);
    assertThat(SmsSegments.GSM_BASIC.chars().filter(c -> SmsSegments.GSM_EXTENSION.indexOf(c) >= 0)).isEmpty();
  }
}
