package dev.omnihub.adapters.voice;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import java.util.ArrayList;
import java.util.List;

/**
 * OmniHub's own transcript JSON: the call's details and {@code segments[].{speaker, startMs, endMs, text}},
 * kept one for one.
 */
final class JsonTranscript {

  private JsonTranscript() {
  }

  static Transcript parse(JsonInput body) {
    CallDetails call = CallDetails.fromBody(body);
    List<JsonInput> items = body.optionalObjectList("segments");
    if (items == null || items.isEmpty()) {
      throw InputRejectedException.invalid("no_speakers", "segments", "the transcript has no segments, so no one speaks in it");
    }
    List<Transcript.Segment> segments = new ArrayList<>(items.size());
    long spokenUntil = 0;
    for (JsonInput item : items) {
      Transcript.Segment segment = segment(item);
      segments.add(segment);
      spokenUntil = Math.max(spokenUntil, segment.endMs());
    }
    return call.transcript(segments, spokenUntil);
  }

  static Transcript.Segment segment(JsonInput item) {
    String speaker = item.requiredString("speaker", CallDetails.MAX_ADDRESS).strip();
    long startMs = requiredMillis(item, "startMs");
    long endMs = requiredMillis(item, "endMs");
    if (endMs < startMs) {
      throw InputRejectedException.invalid(item.pathOf("endMs"),
          item.pathOf("endMs") + " (" + endMs + ") is before " + item.pathOf("startMs") + " (" + startMs + ")");
    }
    String text = item.optionalString("text", Integer.MAX_VALUE);
    if (text == null) {
      throw InputRejectedException.invalid(item.pathOf("text"), item.pathOf("text") + " is required");
    }
    return new Transcript.Segment(speaker, startMs, endMs, text.strip());
  }

  private static long requiredMillis(JsonInput item, String name) {
    Integer millis = item.optionalInt(name, 0, Integer.MAX_VALUE);
    if (millis == null) {
      throw InputRejectedException.invalid(item.pathOf(name), item.pathOf(name) + " is required");
    }
    return millis;
  }
}
