package dev.omnihub.hub.conversation;

import java.util.Locale;

/** Which way a message went. */
public enum Direction {
  /** From the customer. */
  INBOUND,
  /** To the customer. */
  OUTBOUND,
  /** A private note between agents; never sent. */
  NOTE,
  /** Written by the hub (status changes, handoffs). */
  SYSTEM;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Direction fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
