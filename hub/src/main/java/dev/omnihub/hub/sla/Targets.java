package dev.omnihub.hub.sla;

import java.time.Duration;

/** What a policy promises for one priority; a target left out ({@code null}) is not measured. */
public record Targets(Duration firstResponse, Duration nextResponse, Duration resolution) {

  public Duration of(SlaTarget target) {
    return switch (target) {
      case FIRST_RESPONSE -> firstResponse;
      case NEXT_RESPONSE -> nextResponse;
      case RESOLUTION -> resolution;
    };
  }
}
