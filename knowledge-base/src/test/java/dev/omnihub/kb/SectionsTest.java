package dev.omnihub.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SectionsTest {

  @Test
  void splitsABodyIntoParagraphsWithTheirHeadingsEachLedByTheTitle() {
    List<String> sections = Sections.of("My delivery is late", "## Estimated dates\n\nStandard shipping takes 2-4 business days.\n\n"
        + "## Compensation\n\nPlus members receive a voucher for any delivery more than 3 days late.\n\nThanks!");
    assertThat(sections).containsExactly("My delivery is late\nEstimated dates\nStandard shipping takes 2-4 business days.",
        "My delivery is late\nCompensation\nPlus members receive a voucher for any delivery more than 3 days late.");
  }

  @Test
  void aSingleParagraphHasNoSectionsOfItsOwn() {
    assertThat(Sections.of("Opening hours", "We are open 9 to 5 on weekdays, and on Saturday mornings.")).isEmpty();
  }

  @Test
  void packedVectorsGiveTheBestCosine() {
    float[] query = {1, 0};
    var packed = Sections.pack(List.of(new float[] {0, 1}, new float[] {1, 1}));
    assertThat(Sections.bestCosine(query, packed, -1)).isCloseTo(Math.sqrt(0.5), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(Sections.bestCosine(new float[] {1, 0, 0}, packed, 0.25)).as("another dimension: not comparable").isEqualTo(0.25);
  }
}
