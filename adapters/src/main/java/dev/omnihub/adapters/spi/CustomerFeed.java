package dev.omnihub.adapters.spi;

import io.vertx.core.Future;

/**
 * One open feed of {@link CustomerFeeds}: what a customer may see of their conversations on one
 * channel, handed to its {@link Listener} on the context that opened it.
 */
public interface CustomerFeed {

  /**
   * The place (1, 2, 3...) of a stored message among the customer-visible messages of the contact's
   * conversations on the channel, in log order; 0 when it is not one of them. For a message the feed
   * handed over in an earlier session, whose place the listener never counted.
   */
  Future<Integer> placeOf(String messageId);

  /** The listener can take more again (it said it could not, in {@link Listener#ready}). */
  void resume();

  /** Stops following; nothing more is handed over. */
  void close();

  /** Who receives the feed; every method is called on the context that opened it. */
  interface Listener {

    /** Whether it can take messages now (a socket with a full write queue cannot); if not, it calls {@link #resume} later. */
    default boolean ready() {
      return true;
    }

    /**
     * A message: first every one so far, then each new one once, in the order of the hub's event log,
     * whichever node wrote it.
     */
    void message(FeedMessage message);

    /** Every message so far has been handed over; new ones follow. */
    void replayed();

    /**
     * An agent is typing ({@link Signal.Kind#TYPING}) or has read ({@link Signal.Kind#READ}) one of the
     * contact's conversations on the channel. Never says which agent.
     */
    void agentSignal(Signal.Kind kind);

    /** The feed could not be opened (the store could not be read); nothing more comes. */
    void failed(Throwable cause);
  }
}
