package dev.omnihub.hub.events;

import java.util.List;

/** The result of a write and the events to publish once it is durable. */
public record Outcome<T>(T value, List<HubEvent> events) {

  public Outcome {
    events = List.copyOf(events);
  }

  public static <T> Outcome<T> of(T value) {
    return new Outcome<>(value, List.of());
  }
}
