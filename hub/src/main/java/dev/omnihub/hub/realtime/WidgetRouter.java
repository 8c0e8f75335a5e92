package dev.omnihub.hub.realtime;

import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.events.ConversationSignal;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.events.MessageCreated;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands each settled message a customer may see to the widget sockets that follow it — by its
 * conversation, its customer, or (before a visitor's first message is stored) the visitor — so that
 * ten thousand idle widget sockets cost nothing per write; typing and read signals go to the sockets
 * of their conversation the same way. A socket holding messages is woken each
 * time the horizon moves until it has released them all, in cursor order, once the horizon passed them.
 */
public final class WidgetRouter {

  private final Followers<WidgetSocket> followers = new Followers<>();
  private final Set<WidgetSocket> holding = ConcurrentHashMap.newKeySet();

  public WidgetRouter(EventLog events) {
    events.onSettled(this::settled);
    // Woken after the horizon moved, so a socket releases what the write just settled.
    events.onHorizonMoved(() -> holding.forEach(WidgetSocket::wake));
  }

  static String conversationKey(String conversationId) {
    return "c:" + conversationId;
  }

  static String customerKey(String customerId) {
    return "u:" + customerId;
  }

  static String visitorKey(String visitorId) {
    return "v:" + visitorId;
  }

  void follow(String key, WidgetSocket socket) {
    followers.follow(key, socket);
  }

  void unfollow(Iterable<String> keys, WidgetSocket socket) {
    for (String key : keys) {
      followers.unfollow(key, socket);
    }
    holding.remove(socket);
  }

  /** The socket holds messages above the horizon: wake it on every settled write until it released them. */
  void holds(WidgetSocket socket, boolean holds) {
    if (holds) {
      holding.add(socket);
    } else {
      holding.remove(socket);
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
        deliver(visitorKey(externalId.substring(0, colon)), entry);
      }
    }
  }

  /** A typing or read signal: only to the sockets following its conversation. */
  void signal(ConversationSignal signal) {
    followers.of(conversationKey(signal.conversationId())).forEach(socket -> socket.signal(signal));
  }

  private void deliver(String key, EventLog.Logged entry) {
    for (WidgetSocket socket : followers.of(key)) {
      socket.enqueue(entry);
      holding.add(socket);
    }
  }
}
