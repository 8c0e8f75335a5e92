package dev.omnihub.adapters.voice;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A phone call's transcript, whatever shape it arrived in.
 *
 * @param callId      the provider's id of the call
 * @param from        the caller's number as given (the hub normalises it to E.164)
 * @param to          the number called, or {@code null}
 * @param startedAt   when the call started, or {@code null} when not given
 * @param durationSec the call's length: as given, else the end of the last words rounded up
 * @param recordingUrl where the recording can be fetched, or {@code null}
 * @param segments    what was said, in order; never empty
 */
public record Transcript(String callId, String from, String to, Instant startedAt, long durationSec, String recordingUrl,
    List<Segment> segments) {

  /**
   * What one speaker said without interruption.
   *
   * @param speaker {@code customer}, {@code agent} or the source's own label ({@code spk_0}, a name)
   * @param startMs from the start of the recording
   * @param endMs   from the start of the recording, not before {@code startMs}
   */
  public record Segment(String speaker, long startMs, long endMs, String text) {

    public Segment {
      Objects.requireNonNull(speaker, "speaker");
      Objects.requireNonNull(text, "text");
    }
  }

  public Transcript {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(from, "from");
    segments = List.copyOf(segments);
  }

  /** One {@code [mm:ss] Speaker: text} line per segment, for a message body. */
  public String toPlainText() {
    // Built in one buffer: formatting each turn's clock and joining strings per segment was a tenth of
    // what the hub allocated while it took 15 MiB transcripts.
    StringBuilder text = new StringBuilder(segments.size() * 64);
    for (Segment segment : segments) {
      if (!text.isEmpty()) {
        text.append('\n');
      }
      text.append('[');
      appendClock(text, segment.startMs());
      text.append("] ").append(displayName(segment.speaker())).append(": ").append(segment.text());
    }
    return text.toString();
  }

  /** Minutes keep counting past an hour ({@code 75:02}): a call is read as one timeline. */
  private static void appendClock(StringBuilder text, long millis) {
    long seconds = millis / 1000;
    twoDigits(text, seconds / 60);
    text.append(':');
    twoDigits(text, seconds % 60);
  }

  private static void twoDigits(StringBuilder text, long value) {
    if (value >= 0 && value < 10) {
      text.append('0');
    }
    text.append(value);
  }

  private static String displayName(String speaker) {
    return switch (speaker) {
      case "customer" -> "Customer";
      case "agent" -> "Agent";
      default -> speaker;
    };
  }
}
