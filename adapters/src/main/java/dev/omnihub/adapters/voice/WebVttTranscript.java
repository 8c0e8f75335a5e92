package dev.omnihub.adapters.voice;

import dev.omnihub.adapters.spi.InputRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebVTT file (W3C WebVTT, as call recording tools write them) whose cues name their speaker with
 * voice tags. Each spoken part of a cue becomes a segment with the cue's times; a cue without a voice
 * tag keeps the speaker of the cue before, or {@code unknown}.
 *
 * <p>Parsing follows the spec's block structure, with one deliberate strictness: a block that is not
 * a cue, {@code NOTE}, {@code STYLE} or {@code REGION} is refused rather than skipped, so a mistyped
 * timing line does not silently drop what was said.
 */
final class WebVttTranscript {

  private static final String UNKNOWN_SPEAKER = "unknown";

  /** {@code [hours:]minutes:seconds.millis}; hours of one or more digits (up to nine here), the others exactly two. */
  private static final Pattern TIMESTAMP = Pattern.compile("(?:(\\d{1,9}):)?(\\d{2}):(\\d{2})\\.(\\d{3})");
  private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");
  private static final String ARROW = "-->";

  private WebVttTranscript() {
  }

  static Transcript parse(byte[] body, CallDetails call) {
    String[] lines = lines(body);
    checkSignature(lines[0]);
    List<Transcript.Segment> segments = new ArrayList<>();
    String speaker = UNKNOWN_SPEAKER;
    long spokenUntil = 0;
    int index = skipHeader(lines);
    while (index < lines.length) {
      if (lines[index].isEmpty()) {
        index++;
        continue;
      }
      Block block = Block.read(lines, index);
      index += block.lines().size();
      if (block.timing() < 0) {
        checkIgnorable(block.lines().getFirst(), block.lineNumber(0));
        continue;
      }
      CueTimes times = timings(block.lines().get(block.timing()), block.lineNumber(block.timing()));
      spokenUntil = Math.max(spokenUntil, times.endMs());
      for (VttCueText.Spoken spoken : VttCueText.read(block.cueText(), speaker)) {
        segments.add(new Transcript.Segment(spoken.speaker(), times.startMs(), times.endMs(), spoken.text()));
        speaker = spoken.speaker();
      }
    }
    if (segments.isEmpty()) {
      throw InputRejectedException.invalid("no_speakers", null, "the WebVTT file has no cue with spoken text");
    }
    return call.transcript(segments, spokenUntil);
  }

  /**
   * Lines up to a blank line, as the spec collects them. A cue's timing line is its first or second
   * line (after a cue id); {@code timing} is -1 in other blocks.
   */
  private record Block(int firstIndex, List<String> lines, int timing) {

    static Block read(String[] lines, int firstIndex) {
      List<String> block = new ArrayList<>();
      int timing = -1;
      for (int index = firstIndex; index < lines.length && !lines[index].isEmpty(); index++) {
        if (lines[index].contains(ARROW)) {
          if (timing >= 0 || block.size() > 1) {
            break; // a later line with --> starts the next cue, blank line or not
          }
          timing = block.size();
        }
        block.add(lines[index]);
      }
      return new Block(firstIndex, block, timing);
    }

    int lineNumber(int indexInBlock) {
      return firstIndex + indexInBlock + 1;
    }

    String cueText() {
      return String.join("\n", lines.subList(timing + 1, lines.size()));
    }
  }

  private record CueTimes(long startMs, long endMs) {
  }

  private static String[] lines(byte[] body) {
    // WebVTT is always UTF-8; the spec decodes bad bytes to U+FFFD rather than failing.
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return LINE_BREAK.split(text, -1);
  }

  private static void checkSignature(String firstLine) {
    boolean signed = firstLine.startsWith("WEBVTT")
        && (firstLine.length() == 6 || firstLine.charAt(6) == ' ' || firstLine.charAt(6) == '\t');
    if (!signed) {
      throw invalidVtt(1, "a WebVTT file must start with the line WEBVTT");
    }
  }

  /** The lines after WEBVTT up to the first blank line (or cue) are header text, which says nothing. */
  private static int skipHeader(String[] lines) {
    int index = 1;
    while (index < lines.length && !lines[index].isEmpty() && !lines[index].contains(ARROW)) {
      index++;
    }
    return index;
  }

  private static void checkIgnorable(String firstLine, int lineNumber) {
    for (String keyword : List.of("NOTE", "STYLE", "REGION")) {
      if (firstLine.startsWith(keyword)
          && (firstLine.length() == keyword.length() || Character.isWhitespace(firstLine.charAt(keyword.length())))) {
        return;
      }
    }
    throw invalidVtt(lineNumber, "expected a cue timing line such as '00:01:02.500 --> 00:01:05.000', a NOTE, STYLE or REGION block");
  }

  /** Start and end in milliseconds from a timing line; what follows the end time are cue settings, unused here. */
  private static CueTimes timings(String line, int lineNumber) {
    int arrow = line.indexOf(ARROW);
    String start = line.substring(0, arrow).strip();
    String afterArrow = line.substring(arrow + ARROW.length()).stripLeading();
    int settings = 0;
    while (settings < afterArrow.length() && afterArrow.charAt(settings) != ' ' && afterArrow.charAt(settings) != '\t') {
      settings++;
    }
    String end = afterArrow.substring(0, settings);
    long startMs = timestamp(start, lineNumber);
    long endMs = timestamp(end, lineNumber);
    if (endMs < startMs) {
      throw invalidVtt(lineNumber, "the cue ends (" + end + ") before it starts (" + start + ")");
    }
    return new CueTimes(startMs, endMs);
  }

  private static long timestamp(String text, int lineNumber) {
    Matcher matcher = TIMESTAMP.matcher(text);
    if (!matcher.matches()) {
      throw invalidVtt(lineNumber, "'" + text + "' is not a timestamp such as 01:02.500 or 00:01:02.500");
    }
    long hours = matcher.group(1) == null ? 0 : Long.parseLong(matcher.group(1));
    int minutes = Integer.parseInt(matcher.group(2));
    int seconds = Integer.parseInt(matcher.group(3));
    if (minutes > 59 || seconds > 59) {
      throw invalidVtt(lineNumber, "'" + text + "' has minutes or seconds above 59");
    }
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + Integer.parseInt(matcher.group(4));
  }

  private static InputRejectedException invalidVtt(int lineNumber, String problem) {
    return InputRejectedException.invalid("invalid_vtt", null, "WebVTT line " + lineNumber + ": " + problem);
  }
}
