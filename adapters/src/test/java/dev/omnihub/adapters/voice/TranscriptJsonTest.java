package dev.omnihub.adapters.voice;

import static dev.omnihub.adapters.voice.VoiceSamples.JSON;
import static dev.omnihub.adapters.voice.VoiceSamples.json;
import static dev.omnihub.adapters.voice.VoiceSamples.refused;
import static dev.omnihub.adapters.voice.VoiceSamples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.adapters.voice.Transcript.Segment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OmniHub's own transcript JSON (voice/call-transcript.json and variations of it). */
class TranscriptJsonTest {

  private static Transcript parse(JsonObject body) {
    return TranscriptParser.parse(JSON, utf8(body), Map.of());
  }

  private static JsonObject sample() {
    return json("call-transcript.json");
  }

  private static JsonObject firstSegment(JsonObject body) {
    return body.getJsonArray("segments").getJsonObject(0);
  }

  @Test
  void theCallDetailsAndEverySegmentAreKept() {
    Transcript transcript = parse(sample());

    assertThat(transcript.callId()).isEqualTo("CA5f1e2d3c4b5a69788796a5b4c3d2e1f0");
    assertThat(transcript.from()).isEqualTo("+4930123456");
    assertThat(transcript.to()).isEqualTo("+4940987654");
    assertThat(transcript.startedAt()).isEqualTo(Instant.parse("2026-12-01T09:30:00Z"));
    assertThat(transcript.durationSec()).isEqualTo(95);
    assertThat(transcript.recordingUrl()).isEqualTo("https://recordings.example.com/calls/CA5f1e2d3c4b5a69788796a5b4c3d2e1f0.mp3");
    assertThat(transcript.segments()).containsExactly(
        new Segment("agent", 0, 4200, "Acme support, this is Dana. How can I help?"),
        new Segment("customer", 4600, 9800, "Hi, I was charged twice for order 1234."),
        new Segment("agent", 10100, 16750, "Let me look at that. I can see both payments; I'll refund the second one now."),
        new Segment("supervisor", 61000, 64500, "The refund is approved."),
        new Segment("customer", 65000, 67300, "Thank you!"));
  }

  @Test
  void withoutDurationSecTheDurationIsTheLastSegmentsEndRoundedUp() {
    JsonObject body = sample();
    body.remove("durationSec");

    assertThat(parse(body).durationSec()).isEqualTo(68);
  }

  @Test
  void toStartedAtAndRecordingUrlAreOptional() {
    JsonObject body = sample();
    body.remove("to");
    body.remove("startedAt");
    body.remove("recordingUrl");

    Transcript transcript = parse(body);

    assertThat(transcript.to()).isNull();
    assertThat(transcript.startedAt()).isNull();
    assertThat(transcript.recordingUrl()).isNull();
  }

  @Test
  void theCallerIsKeptAsGivenForTheHubToNormalise() {
    JsonObject body = sample().put("from", "030 123456");

    assertThat(parse(body).from()).isEqualTo("030 123456");
  }

  @Test
  void textFarOverAHundredThousandCharactersIsAccepted() {
    String longText = "word ".repeat(60_000).strip();
    JsonObject body = sample();
    firstSegment(body).put("text", longText);

    assertThat(parse(body).segments().getFirst().text()).isEqualTo(longText);
  }

  @Test
  void aMissingCallIdIsRefused() {
    JsonObject body = sample();
    body.remove("callId");

    assertThat(refused(() -> parse(body), "invalid_field", "callId is required").field()).isEqualTo("callId");
  }

  @Test
  void aBlankFromIsRefused() {
    JsonObject body = sample().put("from", "  ");

    assertThat(refused(() -> parse(body), "invalid_field", "from is required").field()).isEqualTo("from");
  }

  @Test
  void noSegmentsMeansNoSpeakers() {
    JsonObject empty = sample().put("segments", new JsonArray());
    JsonObject absent = sample();
    absent.remove("segments");

    refused(() -> parse(empty), "no_speakers", "no segments");
    refused(() -> parse(absent), "no_speakers", "no segments");
  }

  @Test
  void malformedJsonIsRefused() {
    refused(() -> TranscriptParser.parse(JSON, utf8("{\"callId\": \"c1\", \"segments\": [{"), Map.of()),
        "invalid_json", "not valid JSON");
  }

  @Test
  void aStartMsGivenAsAStringIsRefused() {
    JsonObject body = sample();
    firstSegment(body).put("startMs", "0");

    assertThat(refused(() -> parse(body), "invalid_field", "must be an integer").field()).isEqualTo("segments[0].startMs");
  }

  @Test
  void aSpeakerGivenAsANumberIsRefused() {
    JsonObject body = sample();
    firstSegment(body).put("speaker", 1);

    assertThat(refused(() -> parse(body), "invalid_field", "must be a string").field()).isEqualTo("segments[0].speaker");
  }

  @Test
  void aSegmentThatIsNotAnObjectIsRefused() {
    JsonObject body = sample().put("segments", new JsonArray().add("agent: hello"));

    assertThat(refused(() -> parse(body), "invalid_field", "must be an object").field()).isEqualTo("segments[0]");
  }

  @Test
  void aNegativeStartMsIsRefused() {
    JsonObject body = sample();
    firstSegment(body).put("startMs", -5);

    assertThat(refused(() -> parse(body), "invalid_field", "must be between 0").field()).isEqualTo("segments[0].startMs");
  }

  @Test
  void aSegmentEndingBeforeItStartsIsRefused() {
    JsonObject body = sample();
    firstSegment(body).put("startMs", 5000).put("endMs", 4200);

    assertThat(refused(() -> parse(body), "invalid_field", "segments[0].endMs (4200) is before segments[0].startMs (5000)").field())
        .isEqualTo("segments[0].endMs");
  }

  @Test
  void aSegmentWithoutTextIsRefused() {
    JsonObject body = sample();
    firstSegment(body).remove("text");

    assertThat(refused(() -> parse(body), "invalid_field", "segments[0].text is required").field()).isEqualTo("segments[0].text");
  }

  @Test
  void aNegativeDurationIsRefused() {
    JsonObject body = sample().put("durationSec", -1);

    assertThat(refused(() -> parse(body), "invalid_field", "durationSec must be between 0").field()).isEqualTo("durationSec");
  }

  @Test
  void aStartedAtThatIsNotIso8601IsRefused() {
    JsonObject body = sample().put("startedAt", "01.12.2026 09:30");

    assertThat(refused(() -> parse(body), "invalid_field", "ISO-8601").field()).isEqualTo("startedAt");
  }

  @Test
  void aRecordingUrlThatIsNotAWebLinkIsRefused() {
    JsonObject body = sample().put("recordingUrl", "javascript:alert(1)");

    assertThat(refused(() -> parse(body), "invalid_field", "http or https").field()).isEqualTo("recordingUrl");
  }
}
