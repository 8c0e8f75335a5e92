package dev.omnihub.adapters.voice;

import static dev.omnihub.adapters.voice.VoiceSamples.CALL;
import static dev.omnihub.adapters.voice.VoiceSamples.JSON;
import static dev.omnihub.adapters.voice.VoiceSamples.json;
import static dev.omnihub.adapters.voice.VoiceSamples.refused;
import static dev.omnihub.adapters.voice.VoiceSamples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.adapters.voice.Transcript.Segment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * AWS Transcribe batch output with speaker diarization: an older document with
 * {@code speaker_labels} only, and a current one that also has {@code audio_segments}.
 */
class TranscriptAwsTranscribeTest {

  private static final String SPEAKER_LABELS = "aws-transcribe-speaker-labels.json";
  private static final String AUDIO_SEGMENTS = "aws-transcribe-audio-segments.json";

  private static Transcript parse(JsonObject document, Map<String, String> query) {
    return TranscriptParser.parse(JSON, utf8(document), query);
  }

  private static Transcript parse(JsonObject document) {
    return parse(document, CALL);
  }

  private static JsonObject results(JsonObject document) {
    return document.getJsonObject("results");
  }

  @Test
  void speakerLabelsGiveOneSegmentPerRunOfOneSpeakerWithPunctuationAttached() {
    Transcript transcript = parse(json(SPEAKER_LABELS));

    assertThat(transcript.segments()).containsExactly(
        new Segment("spk_0", 540, 4970, "Thank you for calling Acme support, this is Dana. How can I help?"),
        new Segment("spk_1", 5190, 10710, "Hi, my order 1234 hasn't arrived yet. It was due on Monday."),
        new Segment("spk_0", 11460, 15230, "I'm sorry about that. Let me check the tracking for you."),
        new Segment("spk_1", 15880, 17060, "Okay, thanks."));
  }

  @Test
  void theDurationIsTheEndOfTheLastWordRoundedUpNotTheEndOfTheLastSegment() {
    // the last word ends at 16.66 s, its speaker segment at 17.06 s
    assertThat(parse(json(SPEAKER_LABELS)).durationSec()).isEqualTo(17);
  }

  @Test
  void audioSegmentsGiveOneSegmentPerRunOfOneSpeaker() {
    Transcript transcript = parse(json(AUDIO_SEGMENTS));

    assertThat(transcript.segments()).containsExactly(
        new Segment("spk_0", 1210, 4670, "Good morning, Northwind Energy, you're speaking with Sam."),
        new Segment("spk_1", 4870, 8840, "Hello, I'd like to change the date of my meter reading."),
        new Segment("spk_0", 9160, 12850, "Of course. Can I have your customer number, please?"),
        new Segment("spk_1", 13050, 14340, "Yes, it's 552018."),
        new Segment("spk_0", 14970, 62450, "Thank you. I can move the reading to Friday, the 4th of December."),
        new Segment("spk_1", 62930, 64750, "Perfect, thank you so much."));
    assertThat(transcript.durationSec()).isEqualTo(65);
  }

  @Test
  void speakerLabelsAndAudioSegmentsOfOneDocumentGiveTheSameTranscript() {
    JsonObject withoutAudioSegments = json(AUDIO_SEGMENTS);
    results(withoutAudioSegments).remove("audio_segments");
    JsonObject withoutSpeakerLabels = json(AUDIO_SEGMENTS);
    results(withoutSpeakerLabels).remove("speaker_labels");

    assertThat(parse(withoutAudioSegments)).isEqualTo(parse(json(AUDIO_SEGMENTS)));
    assertThat(parse(withoutSpeakerLabels)).isEqualTo(parse(json(AUDIO_SEGMENTS)));
  }

  @Test
  void anAudioSegmentWithoutItemIdsUsesItsTranscript() {
    JsonObject document = json(AUDIO_SEGMENTS);
    results(document).getJsonArray("audio_segments").getJsonObject(0).remove("items");

    assertThat(parse(document).segments().getFirst().text()).isEqualTo("Good morning, Northwind Energy, you're speaking with Sam.");
  }

  @Test
  void theCallDetailsComeFromTheQuery() {
    Map<String, String> query = Map.of("callId", "call-42", "from", "+4930123456", "to", "+4940987654",
        "startedAt", "2026-12-01T09:30:00Z", "recordingUrl", "https://recordings.example.com/call-42.mp3", "durationSec", "70");

    Transcript transcript = parse(json(AUDIO_SEGMENTS), query);

    assertThat(transcript.callId()).isEqualTo("call-42");
    assertThat(transcript.from()).isEqualTo("+4930123456");
    assertThat(transcript.to()).isEqualTo("+4940987654");
    assertThat(transcript.startedAt()).isEqualTo(Instant.parse("2026-12-01T09:30:00Z"));
    assertThat(transcript.recordingUrl()).isEqualTo("https://recordings.example.com/call-42.mp3");
    assertThat(transcript.durationSec()).isEqualTo(70);
  }

  @Test
  void aMissingCallIdQueryParameterIsRefused() {
    Map<String, String> query = Map.of("from", "+4930123456");

    assertThat(refused(() -> parse(json(SPEAKER_LABELS), query), "invalid_field", "query parameter callId is required").field())
        .isEqualTo("callId");
  }

  @Test
  void aBlankFromQueryParameterIsRefused() {
    Map<String, String> query = Map.of("callId", "call-42", "from", " ");

    assertThat(refused(() -> parse(json(SPEAKER_LABELS), query), "invalid_field", "query parameter from is required").field())
        .isEqualTo("from");
  }

  @Test
  void withoutAnyQueryTheCallIdIsMissing() {
    refused(() -> TranscriptParser.parse(JSON, utf8(json(SPEAKER_LABELS)), null), "invalid_field", "callId is required");
  }

  @Test
  void aNegativeDurationSecQueryParameterIsRefused() {
    Map<String, String> query = new HashMap<>(CALL);
    query.put("durationSec", "-3");

    assertThat(refused(() -> parse(json(SPEAKER_LABELS), query), "invalid_field", "durationSec must not be negative").field())
        .isEqualTo("durationSec");
  }

  @Test
  void outputWithoutDiarizationHasNoSpeakers() {
    JsonObject document = json(SPEAKER_LABELS);
    results(document).remove("speaker_labels");

    refused(() -> parse(document), "no_speakers", "no speaker labels", "ShowSpeakerLabels");
  }

  @Test
  void audioSegmentsWithoutSpeakerLabelsHaveNoSpeakers() {
    JsonObject document = json(AUDIO_SEGMENTS);
    results(document).remove("speaker_labels");
    results(document).getJsonArray("audio_segments").forEach(segment -> ((JsonObject) segment).remove("speaker_label"));

    refused(() -> parse(document), "no_speakers", "no speaker labels");
  }

  @Test
  void emptySpeakerSegmentsHaveNoSpeakers() {
    JsonObject document = json(SPEAKER_LABELS);
    results(document).getJsonObject("speaker_labels").put("segments", new JsonArray());

    refused(() -> parse(document), "no_speakers", "no speaker segments");
  }

  @Test
  void speakersWithoutAnyWordHaveNoSpeakers() {
    JsonObject document = json(SPEAKER_LABELS);
    results(document).put("items", new JsonArray());

    refused(() -> parse(document), "no_speakers", "no spoken words");
  }

  @Test
  void aTimeThatIsNotSecondsIsRefused() {
    JsonObject document = json(SPEAKER_LABELS);
    results(document).getJsonArray("items").getJsonObject(0).put("start_time", "0:00:01");

    assertThat(refused(() -> parse(document), "invalid_field", "must be seconds written as a string").field())
        .isEqualTo("results.items[0].start_time");
  }

  @Test
  void aTimeGivenAsANumberIsRefused() {
    JsonObject document = json(SPEAKER_LABELS);
    results(document).getJsonArray("items").getJsonObject(0).put("start_time", 0.54);

    assertThat(refused(() -> parse(document), "invalid_field", "must be a string").field())
        .isEqualTo("results.items[0].start_time");
  }

  @Test
  void aNegativeTimeIsRefused() {
    JsonObject document = json(SPEAKER_LABELS);
    results(document).getJsonObject("speaker_labels").getJsonArray("segments").getJsonObject(1).put("start_time", "-5.19");

    assertThat(refused(() -> parse(document), "invalid_field", "must not be negative").field())
        .isEqualTo("results.speaker_labels.segments[1].start_time");
  }

  @Test
  void aSpeakerSegmentEndingBeforeItStartsIsRefused() {
    JsonObject document = json(SPEAKER_LABELS);
    results(document).getJsonObject("speaker_labels").getJsonArray("segments").getJsonObject(1).put("end_time", "5.0");

    assertThat(refused(() -> parse(document), "invalid_field", "is before results.speaker_labels.segments[1].start_time").field())
        .isEqualTo("results.speaker_labels.segments[1].end_time");
  }

  @Test
  void aWordEndingBeforeItStartsIsRefused() {
    JsonObject document = json(AUDIO_SEGMENTS);
    results(document).getJsonArray("items").getJsonObject(0).put("end_time", "1.0");

    assertThat(refused(() -> parse(document), "invalid_field", "is before").field()).isEqualTo("results.items[0].end_time");
  }

  @Test
  void aWordWithoutTimesIsRefused() {
    JsonObject document = json(SPEAKER_LABELS);
    results(document).getJsonArray("items").getJsonObject(0).remove("start_time");

    assertThat(refused(() -> parse(document), "invalid_field", "required for a pronounced word").field())
        .isEqualTo("results.items[0].start_time");
  }

  @Test
  void anUnknownItemTypeIsRefused() {
    JsonObject document = json(SPEAKER_LABELS);
    results(document).getJsonArray("items").getJsonObject(0).put("type", "speaker-change");

    assertThat(refused(() -> parse(document), "invalid_field", "must be pronunciation or punctuation").field())
        .isEqualTo("results.items[0].type");
  }

  @Test
  void anAudioSegmentNamingAnItemThatDoesNotExistIsRefused() {
    JsonObject document = json(AUDIO_SEGMENTS);
    results(document).getJsonArray("audio_segments").getJsonObject(2).getJsonArray("items").add(9999);

    assertThat(refused(() -> parse(document), "invalid_field", "must be the id of an entry of results.items").field())
        .startsWith("results.audio_segments[2].items[");
  }

  @Test
  void resultsThatAreNotAnObjectAreRefused() {
    JsonObject document = json(SPEAKER_LABELS).put("results", new JsonArray());

    assertThat(refused(() -> parse(document), "invalid_field", "results must be an object").field()).isEqualTo("results");
  }

  @Test
  void aJobNameWithoutResultsIsRefused() {
    JsonObject document = new JsonObject().put("jobName", "acme-call-1").put("status", "FAILED");

    assertThat(refused(() -> parse(document), "invalid_field", "results is required").field()).isEqualTo("results");
  }
}
