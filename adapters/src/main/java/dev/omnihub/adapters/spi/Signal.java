package dev.omnihub.adapters.spi;

import java.util.Locale;
import java.util.Objects;

/**
 * A customer's passing signal: typing, or having read up to a message. Nothing is stored; the hub
 * tells the agents who see the conversation.
 *
 * @param sender who signals
 * @param thread the conversation's thread hints (a chat session); none for the sender's current one
 * @param seq    for {@link Kind#READ}: the last message seen, or {@code null}
 */
public record Signal(ChannelRef channel, Kind kind, Contact sender, ThreadHints thread, Long seq) implements InboundResult {

  /** The kinds of signal. */
  public enum Kind {
    TYPING, READ;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Signal {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sender, "sender");
    thread = thread == null ? ThreadHints.none() : thread;
  }
}
