package dev.omnihub.kb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GistTest {

  @Test
  void keepsAShortMessageWhole() {
    assertThat(Gist.of("where is my parcel?", 300)).isEqualTo("where is my parcel?");
  }

  @Test
  void keepsTheFirstSentencesAndTheQuestionAtTheEndOfALongMessage() {
    String message = "I sent two pairs of shoes back on 3 May. The warehouse got them on the 6th. My neighbour says this always takes"
        + " ages and my sister had the same problem last year with a coat. How long does a refund take?";
    String gist = Gist.of(message, 120);
    assertThat(gist).startsWith("I sent two pairs of shoes back on 3 May.").endsWith("How long does a refund take?")
        .doesNotContain("my sister");
    assertThat(gist.length()).isLessThanOrEqualTo(120);
  }

  @Test
  void cutsOneEndlessSentence() {
    assertThat(Gist.of("a".repeat(500), 300)).hasSize(300);
  }
}
