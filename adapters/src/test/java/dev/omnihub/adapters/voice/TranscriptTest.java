package dev.omnihub.adapters.voice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.adapters.voice.Transcript.Segment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The transcript as the plain text of a message body. */
class TranscriptTest {

  @Test
  void eachSegmentIsOneLineWithItsStartCustomerAndAgentCapitalisedOtherLabelsKept() {
    Transcript transcript = TranscriptParser.parse(VoiceSamples.JSON, VoiceSamples.bytes("call-transcript.json"), Map.of());

    assertThat(transcript.toPlainText()).isEqualTo("""
        [00:00] Agent: Acme support, this is Dana. How can I help?
        [00:04] Customer: Hi, I was charged twice for order 1234.
        [00:10] Agent: Let me look at that. I can see both payments; I'll refund the second one now.
        [01:01] supervisor: The refund is approved.
        [01:05] Customer: Thank you!""");
  }

  @Test
  void minutesKeepCountingPastAnHour() {
    Transcript transcript = new Transcript("c1", "+4930123456", null, null, 4600, null,
        List.of(new Segment("spk_1", 4_502_999, 4_510_000, "Are you still there?")));

    assertThat(transcript.toPlainText()).isEqualTo("[75:02] spk_1: Are you still there?");
  }
}
