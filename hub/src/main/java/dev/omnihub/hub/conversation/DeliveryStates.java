package dev.omnihub.hub.conversation;

import java.util.List;

/**
 * The values of an outbound message's {@code delivery.status} (API.md "Deliveries"), plus
 * {@code skipped} for a channel with nothing to deliver to.
 */
public final class DeliveryStates {

  public static final String QUEUED = "queued";
  public static final String SENDING = "sending";
  public static final String SENT = "sent";
  public static final String DELIVERED = "delivered";
  public static final String FAILED = "failed";
  public static final String UNDELIVERED = "undelivered";
  /** The channel has nowhere to send it (an integration that reads replies through the API). */
  public static final String SKIPPED = "skipped";

  /** Written by versions before the delivery queue used API.md's names; read as {@link #QUEUED}. */
  static final String LEGACY_PENDING = "pending";
  static final String LEGACY_RETRYING = "retrying";

  /** States a dispatcher still has to act on. */
  public static final List<String> UNFINISHED = List.of(QUEUED, SENDING, LEGACY_PENDING, LEGACY_RETRYING);

  /** States that gave up: listed by {@code GET /api/v1/deliveries} and retried on request. */
  public static final List<String> GAVE_UP = List.of(FAILED, UNDELIVERED);

  private DeliveryStates() {
  }

  public static boolean unfinished(String status) {
    return UNFINISHED.contains(status);
  }
}
