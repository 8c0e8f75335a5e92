package dev.omnihub.adapters.spi;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A phone call's progress, reported while it happens, so the agent who picks up sees the caller
 * before the transcript arrives.
 *
 * @param callId     the provider's id of the call
 * @param caller     who calls (their number)
 * @param to         the number called, or {@code null}
 * @param agentEmail the agent the call is routed to, or {@code null} for every agent who may see it
 */
public record CallEvent(ChannelRef channel, Kind kind, String callId, Contact caller, String to, Instant at, String agentEmail)
    implements InboundResult {

  /** What happened to the call. */
  public enum Kind {
    STARTED, ANSWERED, ENDED;

    /** {@code call.started}, {@code call.answered}, {@code call.ended}. */
    public String eventType() {
      return "call." + name().toLowerCase(Locale.ROOT);
    }
  }

  public CallEvent {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(at, "at");
    if (callId == null || callId.isBlank()) {
      throw new IllegalArgumentException("callId must not be blank");
    }
  }
}
