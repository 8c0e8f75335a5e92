package dev.omnihub.hub.kb;

import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.events.EventAddresses;
import dev.omnihub.hub.events.MessageCreated;
import dev.omnihub.hub.events.PublishingStore;
import io.vertx.core.json.JsonArray;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes fresh suggestions to the agents who have a conversation open (their socket said
 * {@code view}) when the customer writes in it. Suggestions cost an embedding and a search, so
 * they are computed only for conversations someone is looking at, and a burst of messages in one
 * conversation is coalesced: one computation at a time, one more after it if messages came meanwhile.
 * Watchers are this node's sockets; the push follows messages written on this node.
 */
public final class SuggestionWatchers {

  private static final Logger log = LoggerFactory.getLogger(SuggestionWatchers.class);
  /** Pushes are for agents' sockets, which are never limited to channels. */
  private static final Principal AGENTS = new Principal(Principal.AGENT, "suggestions", "suggestions", java.util.List.of());

  private final ConversationSuggestions suggestions;
  private final Map<String, Set<BiConsumer<String, JsonArray>>> watchers = new ConcurrentHashMap<>();
  private final Set<String> computing = ConcurrentHashMap.newKeySet();
  private final Set<String> again = ConcurrentHashMap.newKeySet();

  public SuggestionWatchers(ConversationSuggestions suggestions) {
    this.suggestions = suggestions;
  }

  /** Follows the messages this node stores. */
  public void start(PublishingStore store) {
    store.listen(EventAddresses.MESSAGE_CREATED, event -> {
      if (event instanceof MessageCreated created && created.message().direction() == Direction.INBOUND) {
        String conversationId = created.message().conversationId();
        if (watchers.containsKey(conversationId)) {
          refresh(conversationId);
        }
      }
    });
  }

  /** A socket opened a conversation: it receives each fresh set of suggestions as {@code (conversationId, items)}. */
  public void watch(String conversationId, BiConsumer<String, JsonArray> watcher) {
    watchers.computeIfAbsent(conversationId, id -> ConcurrentHashMap.newKeySet()).add(watcher);
  }

  public void unwatch(String conversationId, BiConsumer<String, JsonArray> watcher) {
    watchers.computeIfPresent(conversationId, (id, set) -> {
      set.remove(watcher);
      return set.isEmpty() ? null : set;
    });
  }

  /** Conversations some socket on this node has open. */
  public int watched() {
    return watchers.size();
  }

  private void refresh(String conversationId) {
    if (!computing.add(conversationId)) {
      again.add(conversationId);
      return;
    }
    suggestions.forConversation(conversationId, AGENTS).onComplete(result -> {
      computing.remove(conversationId);
      if (result.succeeded()) {
        watchers.getOrDefault(conversationId, Set.of()).forEach(watcher -> watcher.accept(conversationId, result.result()));
      } else {
        log.warn("Could not compute suggestions for conversation {}: {}", conversationId, result.cause().toString());
      }
      if (again.remove(conversationId)) {
        refresh(conversationId);
      }
    });
  }
}
