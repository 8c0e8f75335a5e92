package dev.omnihub.hub.realtime;

import dev.omnihub.adapters.spi.ChannelRef;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.CustomerFeed;
import dev.omnihub.adapters.spi.CustomerFeeds;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.customer.IdentityResolver;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.store.MongoStore;
import io.vertx.core.Vertx;

/**
 * The hub's {@link CustomerFeeds}: each feed replays from the store and follows the event log through
 * one {@link CustomerFeedRouter} per node.
 */
public final class HubCustomerFeeds implements CustomerFeeds {

  /** What a feed reads: the log's horizon and recent entries, and the store below it. */
  record Sources(Vertx vertx, EventLog events, MongoStore store, IdentityResolver identities, ConversationStore conversations,
      MessageStore messages, CustomerFeedRouter router) {
  }

  private final Sources sources;

  public HubCustomerFeeds(Vertx vertx, EventLog events, MongoStore store, IdentityResolver identities, ConversationStore conversations,
      MessageStore messages, CustomerFeedRouter router) {
    this.sources = new Sources(vertx, events, store, identities, conversations, messages, router);
  }

  @Override
  public CustomerFeed open(ChannelRef channel, Contact contact, String senderKey, CustomerFeed.Listener listener) {
    HubCustomerFeed feed = new HubCustomerFeed(sources, channel, contact, senderKey, listener);
    feed.start();
    return feed;
  }
}
