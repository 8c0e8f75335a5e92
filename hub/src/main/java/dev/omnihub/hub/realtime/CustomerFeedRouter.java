package dev.omnihub.hub.realtime;

import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.events.ConversationSignal;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.events.MessageCreated;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands each settled message a customer may see to the customer feeds that follow it — by its
 * conversation, its customer, or (before a contact's first message is stored) the sender key its
 * external id begins with — so that ten thousand idle widget sockets cost nothing per write; typing
 * and read signals go to the feeds of their conversation the same way. A feed holding messages is
 * woken each time the horizon moves until it has released them all, in cursor order, once the
 * horizon passed them.
 */
public final class CustomerFeedRouter {

  private final Followers<HubCustomerFeed> followers = new Followers<>();
  private final Set<HubCustomerFeed> holding = ConcurrentHashMap.newKeySet();

  public CustomerFeedRouter(EventLog events) {
    events.onSettled(this::settled);
    // Woken after the horizon moved, so a feed releases what the write just settled.
    events.onHorizonMoved(() -> holding.forEach(HubCustomerFeed::wake));
  }

  static String conversationKey(String conversationId) {
    return "c:" + conversationId;
  }

  static String customerKey(String customerId) {
    return "u:" + customerId;
  }

  static String senderKey(String senderKey) {
    return "s:" + senderKey;
  }

  void follow(String key, HubCustomerFeed feed) {
    followers.follow(key, feed);
  }

  void unfollow(Iterable<String> keys, HubCustomerFeed feed) {
    for (String key : keys) {
      followers.unfollow(key, feed);
    }
    holding.remove(feed);
  }

  /** The feed holds messages above the horizon: wake it on every settled write until it released them. */
  void holds(HubCustomerFeed feed, boolean holds) {
    if (holds) {
      holding.add(feed);
    } else {
      holding.remove(feed);
    }
  }

  private void settled(List<EventLog.Logged> entries) {
    for (EventLog.Logged entry : entries) {
      if (!entry.customerVisible() || !(entry.event() instanceof MessageCreated created)) {
        continue;
      }
      Message message = created.message();
      deliver(conversationKey(message.conversationId()), entry);
      deliver(customerKey(message.customerId()), entry);
      String externalId = message.externalId();
      int colon = externalId == null ? -1 : externalId.indexOf(':');
      if (colon > 0) {
        deliver(senderKey(externalId.substring(0, colon)), entry);
      }
    }
  }

  /** A typing or read signal: only to the feeds following its conversation. */
  void signal(ConversationSignal signal) {
    followers.of(conversationKey(signal.conversationId())).forEach(feed -> feed.signal(signal));
  }

  private void deliver(String key, EventLog.Logged entry) {
    for (HubCustomerFeed feed : followers.of(key)) {
      feed.enqueue(entry);
      holding.add(feed);
    }
  }
}
