package dev.omnihub.hub.businesstime;

import java.time.Duration;
import java.time.Instant;

/** A stretch of business time: open from {@code start} (included) to {@code end} (excluded). */
public record Span(Instant start, Instant end) {

  public Span {
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("a span must end after it starts: " + start + " to " + end);
    }
  }

  public Duration duration() {
    return Duration.between(start, end);
  }

  boolean contains(Instant at) {
    return !at.isBefore(start) && at.isBefore(end);
  }
}
