package dev.omnihub.hub.realtime;

import dev.omnihub.hub.events.Audience;
import dev.omnihub.hub.events.ConversationSignal;
import dev.omnihub.hub.events.EventAddresses;
import dev.omnihub.hub.events.PublishingStore;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Hands each typing and read signal to the sockets that may show it, and to no other: the customer
 * feeds of its conversation ({@link CustomerFeedRouter}), the agent sockets viewing that conversation, the
 * sockets of the agent it is assigned to, every agent's while it is in the unassigned pool, and
 * supervisors'. One bus consumer per node does the lookup, so ten thousand idle widget sockets cost
 * nothing per keystroke (each socket used to consume every signal of the node and drop most). With
 * several nodes the consumer is the cluster's: a signal reaches every node's sockets over the bus (and
 * is lost, like any signal, when the bus is cut).
 */
public final class SignalRouter {

  /** An agent socket; called on the router's thread, it hops to its own context. */
  interface Receiver {
    void signal(ConversationSignal signal);
  }

  static final String EVERYTHING = "all";
  static final String POOL = "pool";

  private final Followers<Receiver> followers = new Followers<>();

  /** Starts routing this node's signals to its agent sockets and to the customer feeds {@code feeds} follows; once, at wiring. */
  public static SignalRouter start(PublishingStore store, CustomerFeedRouter feeds) {
    SignalRouter router = new SignalRouter();
    // Signals store nothing, so the log cannot carry them to the other nodes: the clustered bus does.
    store.listenAcrossNodes(EventAddresses.CONVERSATION_SIGNAL, event -> {
      if (event instanceof ConversationSignal signal) {
        feeds.signal(signal);
        router.route(signal);
      }
    });
    return router;
  }

  static String viewers(String conversationId) {
    return "c:" + conversationId;
  }

  static String agent(String agentId) {
    return "a:" + agentId;
  }

  void follow(String key, Receiver receiver) {
    followers.follow(key, receiver);
  }

  void unfollow(String key, Receiver receiver) {
    followers.unfollow(key, receiver);
  }

  void route(ConversationSignal signal) {
    Audience audience = Audience.of(signal);
    Set<Receiver> targets = new LinkedHashSet<>();
    add(targets, viewers(signal.conversationId()));
    add(targets, EVERYTHING);
    if (audience.assigneeId() != null) {
      add(targets, agent(audience.assigneeId()));
    }
    if (audience.pooled()) {
      add(targets, POOL);
    }
    targets.forEach(receiver -> receiver.signal(signal));
  }

  private void add(Set<Receiver> targets, String key) {
    targets.addAll(followers.of(key));
  }
}
