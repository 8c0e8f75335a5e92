package dev.omnihub.hub.conversation;

import dev.omnihub.adapters.spi.InputRejectedException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Where a conversation stands. */
public enum ConversationStatus {
  /** Waiting for the business. */
  OPEN,
  /** Waiting for the customer; their next message reopens it. */
  PENDING,
  /** Put aside until a time, or until the customer writes. */
  SNOOZED,
  /** Done; a reply in its thread reopens it. */
  RESOLVED,
  /** Final; the customer's next message starts a new conversation. */
  CLOSED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Statuses in which the conversation continues when the customer writes again without a thread hint. */
  public boolean continuesThread() {
    return this == OPEN || this == PENDING || this == SNOOZED;
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(ConversationStatus::wireName).toList();
  }

  /** @throws InputRejectedException naming {@code field} when the name is unknown */
  public static ConversationStatus parse(String name, String field) {
    for (ConversationStatus status : values()) {
      if (status.wireName().equals(name)) {
        return status;
      }
    }
    throw InputRejectedException.invalid(field, field + " must be one of " + wireNames() + ", not '" + name + "'");
  }
}
