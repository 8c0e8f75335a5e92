package dev.omnihub.adapters.voice;

import static dev.omnihub.adapters.voice.VoiceSamples.CALL;
import static dev.omnihub.adapters.voice.VoiceSamples.VTT;
import static dev.omnihub.adapters.voice.VoiceSamples.refused;
import static dev.omnihub.adapters.voice.VoiceSamples.text;
import static dev.omnihub.adapters.voice.VoiceSamples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.adapters.voice.Transcript.Segment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WebVTT with voice tags (voice/call-recording.vtt, as a call recording tool exports it, and short files). */
class TranscriptWebVttTest {

  private static final String SAMPLE = "call-recording.vtt";

  private static Transcript parse(String vtt) {
    return TranscriptParser.parse(VTT, utf8(vtt), CALL);
  }

  private static List<Segment> segments(String vtt) {
    return parse(vtt).segments();
  }

  @Test
  void aRecordingToolsFileGivesEveryCueWithItsSpeakerAndTimes() {
    Transcript transcript = parse(text(SAMPLE));

    assertThat(transcript.segments()).containsExactly(
        new Segment("Dana Whitfield", 540, 4970, "Thank you for calling Acme support, this is Dana."),
        new Segment("Ana Lima", 5190, 7840, "Hi, my order 1234 hasn't arrived yet."),
        new Segment("Ana Lima", 8970, 10710, "It was due on Monday & I need it for a birthday."),
        new Segment("Dana Whitfield", 11460, 15230, "I'm sorry about that. Let me check the tracking for you."),
        new Segment("Dana Whitfield", 62930, 64750, "Good news: it's out for delivery <today>."),
        new Segment("Ana Lima", 65100, 66200, "Great, thanks!"));
    assertThat(transcript.durationSec()).isEqualTo(67);
    assertThat(transcript.callId()).isEqualTo("call-42");
    assertThat(transcript.from()).isEqualTo("+4930123456");
  }

  @Test
  void crLfLineEndingsAndAByteOrderMarkReadTheSame() {
    String windows = "\uFEFF" + text(SAMPLE).replace("\n", "\r\n");

    assertThat(parse(windows)).isEqualTo(parse(text(SAMPLE)));
  }

  @Test
  void aDurationSecQueryParameterWins() {
    Map<String, String> query = new HashMap<>(CALL);
    query.put("durationSec", "120");

    assertThat(TranscriptParser.parse(VTT, utf8(text(SAMPLE)), query).durationSec()).isEqualTo(120);
  }

  @Test
  void aCueWithoutVoiceTagBeforeAnySpeakerIsUnknown() {
    assertThat(segments("WEBVTT\n\n00:01.000 --> 00:02.000\nHello?\n"))
        .containsExactly(new Segment("unknown", 1000, 2000, "Hello?"));
  }

  @Test
  void twoVoicesInOneCueAreTwoSegments() {
    assertThat(segments("WEBVTT\n\n00:01.000 --> 00:04.000\n<v Agent>Can you hear me?</v> <v Customer>Yes.</v>\n"))
        .containsExactly(new Segment("Agent", 1000, 4000, "Can you hear me?"), new Segment("Customer", 1000, 4000, "Yes."));
  }

  @Test
  void referencesAreDecodedAndOtherTagsDropped() {
    String vtt = "WEBVTT\n\n00:01.000 --> 00:04.000\n<v Ben &amp; Jerry><u>Fish</u>&nbsp;&amp;&nbsp;chips &lt;3 &copy;<00:00:02.000> ok\n";

    assertThat(segments(vtt)).containsExactly(new Segment("Ben & Jerry", 1000, 4000, "Fish\u00A0&\u00A0chips <3 &copy; ok"));
  }

  @Test
  void hoursMayHaveMoreThanTwoDigits() {
    assertThat(segments("WEBVTT\n\n100:00:00.000 --> 100:00:01.500\n<v Agent>Still there?\n").getFirst().startMs())
        .isEqualTo(360_000_000L);
  }

  @Test
  void aCueMayFollowTheHeaderLineDirectly() {
    assertThat(segments("WEBVTT\n00:01.000 --> 00:02.000\n<v Agent>Hi\n")).containsExactly(new Segment("Agent", 1000, 2000, "Hi"));
  }

  @Test
  void aTimingLineInsideACueStartsTheNextCue() {
    assertThat(segments("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Agent>Hi\n00:02.000 --> 00:03.000\n<v Customer>Hello\n"))
        .containsExactly(new Segment("Agent", 1000, 2000, "Hi"), new Segment("Customer", 2000, 3000, "Hello"));
  }

  @Test
  void aMissingHeaderIsRefusedAtLineOne() {
    refused(() -> parse("00:01.000 --> 00:02.000\n<v Agent>Hi\n"), "invalid_vtt", "line 1", "WEBVTT");
  }

  @Test
  void aHeaderWordRunningOnIsNotTheHeader() {
    refused(() -> parse("WEBVTTX\n\n00:01.000 --> 00:02.000\n<v Agent>Hi\n"), "invalid_vtt", "line 1", "WEBVTT");
  }

  @Test
  void anEmptyBodyIsRefusedAtLineOne() {
    refused(() -> TranscriptParser.parse(VTT, new byte[0], CALL), "invalid_vtt", "line 1");
  }

  @Test
  void secondsAbove59AreRefusedWithTheirLine() {
    refused(() -> parse("WEBVTT\n\n1\n00:00:61.000 --> 00:01:02.000\n<v Agent>Hi\n"), "invalid_vtt", "line 4", "00:00:61.000");
  }

  @Test
  void srtStyleCommaTimestampsAreRefusedWithTheirLine() {
    refused(() -> parse("WEBVTT\n\n1\n00:00:01,000 --> 00:00:02,000\n<v Agent>Hi\n"), "invalid_vtt", "line 4", "00:00:01,000");
  }

  @Test
  void aCueEndingBeforeItStartsIsRefusedWithItsLine() {
    refused(() -> parse("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Agent>Hi\n\n00:05.000 --> 00:04.000\n<v Agent>Bye\n"),
        "invalid_vtt", "line 6", "ends (00:04.000) before it starts (00:05.000)");
  }

  @Test
  void aGarbageTimingLineIsRefusedWithItsLine() {
    refused(() -> parse("WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n\nsoon --> later\nBye\n"), "invalid_vtt", "line 6", "'soon'");
  }

  @Test
  void aTimingLineWithoutAnEndIsRefusedWithItsLine() {
    refused(() -> parse("WEBVTT\n\n00:01.000 -->\nHi\n"), "invalid_vtt", "line 3", "''");
  }

  @Test
  void aBlockWithoutATimingLineIsRefusedWithItsLine() {
    refused(() -> parse("WEBVTT\n\n1\n00:00:01.000 - 00:00:02.000\n<v Agent>Hi\n"), "invalid_vtt", "line 3", "expected a cue timing line");
  }

  @Test
  void aFileWithoutCuesHasNoSpeakers() {
    refused(() -> parse("WEBVTT\n\nNOTE nothing was recorded\n"), "no_speakers", "no cue");
    refused(() -> parse("WEBVTT"), "no_speakers", "no cue");
  }

  @Test
  void aMissingCallIdQueryParameterIsRefused() {
    Map<String, String> query = Map.of("from", "+4930123456");

    assertThat(refused(() -> TranscriptParser.parse(VTT, utf8(text(SAMPLE)), query), "invalid_field", "query parameter callId is required")
        .field()).isEqualTo("callId");
  }

  @Test
  void aBlankFromQueryParameterIsRefused() {
    Map<String, String> query = Map.of("callId", "call-42", "from", "");

    assertThat(refused(() -> TranscriptParser.parse(VTT, utf8(text(SAMPLE)), query), "invalid_field", "query parameter from is required")
        .field()).isEqualTo("from");
  }

  @Test
  void aStartedAtQueryParameterThatIsNotIso8601IsRefused() {
    Map<String, String> query = new HashMap<>(CALL);
    query.put("startedAt", "yesterday");

    assertThat(refused(() -> TranscriptParser.parse(VTT, utf8(text(SAMPLE)), query), "invalid_field", "ISO-8601").field())
        .isEqualTo("startedAt");
  }

  @Test
  void aDurationSecQueryParameterThatIsNotANumberIsRefused() {
    Map<String, String> query = new HashMap<>(CALL);
    query.put("durationSec", "1m30s");

    assertThat(refused(() -> TranscriptParser.parse(VTT, utf8(text(SAMPLE)), query), "invalid_field", "whole number of seconds").field())
        .isEqualTo("durationSec");
  }
}
