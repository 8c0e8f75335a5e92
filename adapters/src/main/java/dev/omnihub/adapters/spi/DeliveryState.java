package dev.omnihub.adapters.spi;

import java.util.Locale;

/** The states of an outbound message's {@code delivery} (API.md "Deliveries"). */
public enum DeliveryState {
  QUEUED,
  SENDING,
  SENT,
  DELIVERED,
  FAILED,
  UNDELIVERED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True once nothing will change it any more except a manual retry. */
  public boolean terminal() {
    return this == DELIVERED || this == FAILED || this == UNDELIVERED;
  }
}
