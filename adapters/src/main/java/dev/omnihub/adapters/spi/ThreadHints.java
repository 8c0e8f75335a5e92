package dev.omnihub.adapters.spi;

import java.util.List;

/**
 * What a message says about the thread it belongs to, as channel-namespaced keys (for example
 * {@code api:<channelId>:<threadKey>}, {@code email:<message-id>}, {@code reply:<token>}).
 *
 * @param follows   keys of threads this message continues, most specific first (an email's
 *                  {@code In-Reply-To} then its {@code References}); the first one the hub knows wins
 * @param registers keys that should lead to this message's conversation from now on (an email's own
 *                  {@code Message-ID}, a new chat session)
 */
public record ThreadHints(List<String> follows, List<String> registers) {
  private static final ThreadHints NONE = new ThreadHints(List.of(), List.of());

  public ThreadHints {
    follows = List.copyOf(follows);
    registers = List.copyOf(registers);
  }

  /**
   * The key a ticket's number leads by ({@code [#1001]} in a mail subject): the hub registers it for
   * the ticket's conversation, a channel follows it when a customer names the number.
   */
  public static String ticketKey(long number) {
    return "ticket:" + number;
  }

  public static ThreadHints none() {
    return NONE;
  }

  /** A key that both continues a known thread and names it for later messages. */
  public static ThreadHints key(String key) {
    return new ThreadHints(List.of(key), List.of(key));
  }

  public boolean isEmpty() {
    return follows.isEmpty() && registers.isEmpty();
  }
}
