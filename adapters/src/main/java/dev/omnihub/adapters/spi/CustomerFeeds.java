package dev.omnihub.adapters.spi;

/**
 * The customer's side of their conversations, live, for a channel that shows it itself (a website
 * widget replays a visitor's chat on every reconnect): the hub's event log, filtered to what the
 * contact may see of their conversations on one channel.
 */
public interface CustomerFeeds {

  /**
   * Opens a feed. The messages of the contact's conversations that used the channel are handed over,
   * replay first, then live, each once and in log order, as described by {@link CustomerFeed.Listener}.
   *
   * @param channel   the channel whose conversations the contact sees
   * @param contact   the contact as the channel knows them (who may have no profile yet)
   * @param senderKey messages the contact sends on the channel carry external ids that begin with
   *                  {@code senderKey + ":"}; until the contact has a profile, their first message is
   *                  recognised by it
   * @param listener  called on the context that opens the feed
   */
  CustomerFeed open(ChannelRef channel, Contact contact, String senderKey, CustomerFeed.Listener listener);
}
