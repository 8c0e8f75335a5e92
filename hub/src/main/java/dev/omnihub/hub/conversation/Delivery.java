package dev.omnihub.hub.conversation;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Where an outbound message's delivery stands (API.md "Deliveries").
 *
 * @param status       one of {@link DeliveryStates}
 * @param attempts     sends tried so far
 * @param sendingSince when a send started that has not finished (a crash leaves it in doubt), or {@code null}
 * @param providerId   the channel's id for the sent message (an email's Message-ID, an SMS sid), or {@code null}
 * @param detail       the channel's word on the send, or {@code null}
 * @param facts        further facts the channel reported about the send, by name
 */
public record Delivery(
    String status,
    int attempts,
    String lastError,
    Instant nextAttemptAt,
    Instant sendingSince,
    Instant sentAt,
    Instant failedAt,
    Instant updatedAt,
    String providerId,
    String detail,
    Map<String, Object> facts) {

  /** The names of its own fields wherever a delivery is written out (stored, API view): any other name is a fact. */
  public static final Set<String> FIELDS = Set.of("status", "attempts", "lastError", "nextAttemptAt", "sendingSince", "sentAt", "failedAt",
      "updatedAt", "providerId", "detail");
}
