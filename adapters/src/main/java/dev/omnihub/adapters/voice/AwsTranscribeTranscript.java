package dev.omnihub.adapters.voice;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The result document of an AWS Transcribe batch job run with speaker diarization
 * ({@code ShowSpeakerLabels}). Words come from {@code results.items}; who said them from
 * {@code results.audio_segments} (newer outputs) or {@code results.speaker_labels.segments}.
 * Consecutive turns of one speaker become one segment.
 */
final class AwsTranscribeTranscript {

  /** AWS writes seconds as decimal strings ({@code "12.34"}); anything else is refused, not guessed. */
  private static final Pattern SECONDS = Pattern.compile("\\d{1,12}(\\.\\d{1,9})?");
  private static final int MAX_LABEL = 256;

  private AwsTranscribeTranscript() {
  }

  /** Whether a JSON body is AWS Transcribe output rather than OmniHub's own transcript. */
  static boolean recognises(JsonObject body) {
    return !body.containsKey("segments") && (body.containsKey("results") || body.containsKey("jobName"));
  }

  static Transcript parse(JsonInput document, CallDetails call) {
    JsonInput results = document.requiredObject("results");
    List<Word> words = words(results);
    List<JsonInput> audioSegments = results.optionalObjectList("audio_segments");
    JsonInput speakerLabels = results.optionalObject("speaker_labels");
    List<Transcript.Segment> turns;
    if (audioSegments != null && audioSegments.stream().anyMatch(segment -> segment.raw().containsKey("speaker_label"))) {
      turns = fromAudioSegments(audioSegments, words);
    } else if (speakerLabels != null) {
      turns = fromSpeakerLabels(speakerLabels, words);
    } else {
      throw InputRejectedException.invalid("no_speakers", "results.speaker_labels",
          "the AWS Transcribe output has no speaker labels; run the job with ShowSpeakerLabels");
    }
    List<Transcript.Segment> segments = mergeTurnsOfOneSpeaker(turns);
    if (segments.isEmpty()) {
      throw InputRejectedException.invalid("no_speakers", "results.items", "the AWS Transcribe output has no spoken words");
    }
    long spokenUntil = words.stream().filter(word -> word.endMs() != null).mapToLong(Word::endMs).max()
        .orElse(segments.getLast().endMs());
    return call.transcript(segments, spokenUntil);
  }

  /**
   * One entry of {@code results.items}: a word with its times, or punctuation, usually without.
   * The {@code id} is the item's own where it has one (outputs with audio segments), else its position.
   */
  private record Word(long id, String content, boolean punctuation, Long startMs, Long endMs) {
  }

  private static List<Word> words(JsonInput results) {
    List<JsonInput> items = results.optionalObjectList("items");
    if (items == null) {
      throw InputRejectedException.invalid(results.pathOf("items"), results.pathOf("items") + " is required");
    }
    List<Word> words = new ArrayList<>(items.size());
    for (int position = 0; position < items.size(); position++) {
      JsonInput item = items.get(position);
      Integer id = item.optionalInt("id", 0, Integer.MAX_VALUE);
      String type = item.requiredString("type", 32);
      boolean punctuation = type.equals("punctuation");
      if (!punctuation && !type.equals("pronunciation")) {
        throw InputRejectedException.invalid(item.pathOf("type"),
            item.pathOf("type") + " must be pronunciation or punctuation, not '" + type + "'");
      }
      List<JsonInput> alternatives = item.optionalObjectList("alternatives");
      if (alternatives == null || alternatives.isEmpty()) {
        throw InputRejectedException.invalid(item.pathOf("alternatives"), item.pathOf("alternatives") + " needs at least one entry");
      }
      String content = alternatives.getFirst().requiredString("content", Integer.MAX_VALUE);
      Long start = optionalSeconds(item, "start_time");
      Long end = optionalSeconds(item, "end_time");
      if (!punctuation && (start == null || end == null)) {
        throw InputRejectedException.invalid(item.pathOf(start == null ? "start_time" : "end_time"),
            item.pathOf(start == null ? "start_time" : "end_time") + " is required for a pronounced word");
      }
      checkOrder(item, start, end);
      words.add(new Word(id == null ? position : id, content, punctuation, start, end));
    }
    return words;
  }

  /** Newer outputs: each audio segment names its speaker and lists the ids of its items. */
  private static List<Transcript.Segment> fromAudioSegments(List<JsonInput> audioSegments, List<Word> words) {
    Map<Long, Word> wordsById = new HashMap<>();
    for (Word word : words) {
      wordsById.putIfAbsent(word.id(), word);
    }
    List<Transcript.Segment> turns = new ArrayList<>(audioSegments.size());
    for (JsonInput segment : audioSegments) {
      String speaker = segment.requiredString("speaker_label", MAX_LABEL);
      long start = requiredSeconds(segment, "start_time");
      long end = requiredSeconds(segment, "end_time");
      checkOrder(segment, start, end);
      turns.add(new Transcript.Segment(speaker, start, end, textOf(segment, wordsById)));
    }
    return turns;
  }

  /** The words an audio segment lists by id; its {@code transcript} when it lists none. */
  private static String textOf(JsonInput segment, Map<Long, Word> wordsById) {
    Object ids = segment.raw().getValue("items");
    if (ids == null) {
      String transcript = segment.optionalString("transcript", Integer.MAX_VALUE);
      return transcript == null ? "" : transcript.strip();
    }
    if (!(ids instanceof JsonArray array)) {
      throw InputRejectedException.invalid(segment.pathOf("items"), segment.pathOf("items") + " must be an array of item ids");
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < array.size(); i++) {
      Word word = array.getValue(i) instanceof Number id && id.doubleValue() == Math.rint(id.doubleValue())
          ? wordsById.get(id.longValue())
          : null;
      if (word == null) {
        String path = segment.pathOf("items") + "[" + i + "]";
        throw InputRejectedException.invalid(path, path + " must be the id of an entry of results.items");
      }
      append(text, word);
    }
    return text.toString();
  }

  /**
   * Older and current outputs: {@code speaker_labels.segments} list the start times of their words.
   */
  private static List<Transcript.Segment> fromSpeakerLabels(JsonInput speakerLabels, List<Word> words) {
    List<JsonInput> labelled = speakerLabels.optionalObjectList("segments");
    if (labelled == null || labelled.isEmpty()) {
      throw InputRejectedException.invalid("no_speakers", speakerLabels.pathOf("segments"),
          "the AWS Transcribe output has no speaker segments");
    }
    List<Turn> turns = new ArrayList<>(labelled.size());
    Map<Long, Integer> turnOfWordStart = new HashMap<>();
    TreeMap<Long, Integer> turnByStart = new TreeMap<>();
    for (JsonInput segment : labelled) {
      Turn turn = new Turn(segment.requiredString("speaker_label", MAX_LABEL), requiredSeconds(segment, "start_time"),
          requiredSeconds(segment, "end_time"), new StringBuilder());
      checkOrder(segment, turn.startMs(), turn.endMs());
      turnByStart.putIfAbsent(turn.startMs(), turns.size());
      List<JsonInput> segmentItems = segment.optionalObjectList("items");
      for (JsonInput item : segmentItems == null ? List.<JsonInput>of() : segmentItems) {
        turnOfWordStart.putIfAbsent(requiredSeconds(item, "start_time"), turns.size());
      }
      turns.add(turn);
    }
    int current = -1;
    for (Word word : words) {
      if (!word.punctuation()) {
        current = owner(word.startMs(), turnOfWordStart, turnByStart);
      }
      if (current >= 0) { // punctuation before any word belongs to no one
        append(turns.get(current).text(), word);
      }
    }
    return turns.stream().map(turn -> new Transcript.Segment(turn.speaker(), turn.startMs(), turn.endMs(), turn.text().toString()))
        .toList();
  }

  /** A speaker segment while its words are collected. */
  private record Turn(String speaker, long startMs, long endMs, StringBuilder text) {
  }

  /** The turn a word belongs to: the one listing its start time, else the last one started by then, else the first. */
  private static int owner(long wordStart, Map<Long, Integer> turnOfWordStart, TreeMap<Long, Integer> turnByStart) {
    Integer listed = turnOfWordStart.get(wordStart);
    if (listed != null) {
      return listed;
    }
    Map.Entry<Long, Integer> startedBefore = turnByStart.floorEntry(wordStart);
    return startedBefore != null ? startedBefore.getValue() : turnByStart.firstEntry().getValue();
  }

  /** Words are separated by a space; punctuation sticks to the word before it. */
  private static void append(StringBuilder text, Word word) {
    if (!text.isEmpty() && !word.punctuation()) {
      text.append(' ');
    }
    text.append(word.content());
  }

  /** Turns without words are dropped; a speaker's consecutive turns (split by a pause) become one segment. */
  private static List<Transcript.Segment> mergeTurnsOfOneSpeaker(List<Transcript.Segment> turns) {
    List<Transcript.Segment> segments = new ArrayList<>(turns.size());
    for (Transcript.Segment turn : turns) {
      if (turn.text().isBlank()) {
        continue;
      }
      Transcript.Segment previous = segments.isEmpty() ? null : segments.getLast();
      if (previous != null && previous.speaker().equals(turn.speaker())) {
        segments.set(segments.size() - 1, new Transcript.Segment(previous.speaker(), previous.startMs(),
            Math.max(previous.endMs(), turn.endMs()), previous.text() + " " + turn.text()));
      } else {
        segments.add(turn);
      }
    }
    return segments;
  }

  private static long requiredSeconds(JsonInput object, String name) {
    Long millis = optionalSeconds(object, name);
    if (millis == null) {
      throw InputRejectedException.invalid(object.pathOf(name), object.pathOf(name) + " is required");
    }
    return millis;
  }

  /** A time in milliseconds, read from AWS's string of seconds. */
  private static Long optionalSeconds(JsonInput object, String name) {
    String text = object.optionalString(name, 32);
    if (text == null) {
      return null;
    }
    if (text.startsWith("-")) {
      throw InputRejectedException.invalid(object.pathOf(name), object.pathOf(name) + " must not be negative, not '" + text + "'");
    }
    if (!SECONDS.matcher(text).matches()) {
      throw InputRejectedException.invalid(object.pathOf(name),
          object.pathOf(name) + " must be seconds written as a string such as \"12.34\", not '" + text + "'");
    }
    return new BigDecimal(text).movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  private static void checkOrder(JsonInput object, Long start, Long end) {
    if (start != null && end != null && end < start) {
      throw InputRejectedException.invalid(object.pathOf("end_time"),
          object.pathOf("end_time") + " is before " + object.pathOf("start_time"));
    }
  }
}
