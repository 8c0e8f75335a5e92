package dev.omnihub.adapters.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.adapters.sms.SmsKeywords.Intent;
import dev.omnihub.adapters.sms.SmsKeywords.Match;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmsKeywordsTest {

  @Test
  void eachOptOutKeyword() {
    for (String keyword : List.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT")) {
      assertThat(SmsKeywords.classify(keyword)).isEqualTo(new Match(Intent.OPT_OUT, keyword));
    }
  }

  @Test
  void eachOptInKeyword() {
    for (String keyword : List.of("START", "UNSTOP")) {
      assertThat(SmsKeywords.classify(keyword)).isEqualTo(new Match(Intent.OPT_IN, keyword));
    }
  }

  @Test
  void anyCaseMatchesAndTheKeywordIsReportedUpperCase() {
    assertThat(SmsKeywords.classify("stop")).isEqualTo(new Match(Intent.OPT_OUT, "STOP"));
    assertThat(SmsKeywords.classify("Unsubscribe")).isEqualTo(new Match(Intent.OPT_OUT, "UNSUBSCRIBE"));
    assertThat(SmsKeywords.classify("sTaRt")).isEqualTo(new Match(Intent.OPT_IN, "START"));
  }

  @Test
  void surroundingWhitespaceIsAllowed() {
    assertThat(SmsKeywords.classify("  STOP \n")).isEqualTo(new Match(Intent.OPT_OUT, "STOP"));
    assertThat(SmsKeywords.classify("\tstart\r\n")).isEqualTo(new Match(Intent.OPT_IN, "START"));
    assertThat(SmsKeywords.classify("\u00a0quit\u2003")).isEqualTo(new Match(Intent.OPT_OUT, "QUIT"));
  }

  @Test
  void oneTrailingPeriodOrExclamationMarkIsAllowed() {
    assertThat(SmsKeywords.classify("Stop.")).isEqualTo(new Match(Intent.OPT_OUT, "STOP"));
    assertThat(SmsKeywords.classify("STOP! ")).isEqualTo(new Match(Intent.OPT_OUT, "STOP"));
    assertThat(SmsKeywords.classify("unstop!")).isEqualTo(new Match(Intent.OPT_IN, "UNSTOP"));
  }

  @Test
  void aKeywordInsideASentenceIsNoKeyword() {
    for (String body : List.of("stop sending me ads", "Please stop", "STOP ALL", "don't stop", "start over")) {
      assertThat(SmsKeywords.classify(body)).as(body).isEqualTo(new Match(Intent.NONE, null));
    }
  }

  @Test
  void otherPunctuationOrMoreOfItIsNoKeyword() {
    for (String body : List.of("STOP?", "STOP!!", "STOP..", "!STOP", "\"STOP\"", "STOP,", "STOP :)", ".STOP")) {
      assertThat(SmsKeywords.classify(body)).as(body).extracting(Match::intent).isEqualTo(Intent.NONE);
    }
  }

  @Test
  void otherWordsAndEmptyBodiesAreNoKeyword() {
    for (String body : List.of("STOPP", "STO", "ENDS", "HELP", "hello", "", "   ", ".", "!")) {
      assertThat(SmsKeywords.classify(body)).as(body).extracting(Match::intent).isEqualTo(Intent.NONE);
    }
    assertThat(SmsKeywords.classify(null)).extracting(Match::intent).isEqualTo(Intent.NONE);
  }

  @Test
  void lettersThatOnlyLookAlikeAreNoKeyword() {
    // Turkish dotless ı upper-cases to I, Cyrillic о looks like o: neither must turn into QUIT or STOP.
    assertThat(SmsKeywords.classify("quıt")).extracting(Match::intent).isEqualTo(Intent.NONE);
    assertThat(SmsKeywords.classify("stоp")).extracting(Match::intent).isEqualTo(Intent.NONE);
  }
}
