package dev.omnihub.hub.conversation;

import dev.omnihub.adapters.spi.ThreadHints;
import dev.omnihub.hub.store.Ids;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which conversation an inbound message continues: an explicit thread hint wins (a resolved
 * conversation reopens, a closed one does not); otherwise the customer's default thread on any
 * channel; otherwise a new conversation. Concurrent first messages of one customer meet on the
 * unique {@code activeFor} claim, so they start one conversation, not several.
 */
public final class ThreadResolver {

  private static final int MAX_ATTEMPTS = 8;

  private final ConversationStore conversations;

  public ThreadResolver(ConversationStore conversations) {
    this.conversations = conversations;
  }

  public ThreadDecision resolve(String customerId, ThreadHints hints, Instant now) {
    for (String key : hints.follows()) {
      Optional<Conversation> hinted = conversations.threadOwner(key).flatMap(conversations::find);
      if (hinted.isPresent() && hinted.get().status() != ConversationStatus.CLOSED) {
        return new ThreadDecision(hinted.get(), false, Set.of(key));
      }
    }
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<Conversation> current = conversations.findActiveFor(customerId);
      if (current.isPresent()) {
        return new ThreadDecision(current.get(), false, Set.of());
      }
      Optional<Conversation> started = conversations.createActive(Ids.newId(), customerId, now);
      if (started.isPresent()) {
        return new ThreadDecision(started.get(), true, Set.of());
      }
      // Another message of this customer started one a moment ago; continue that one.
    }
    throw new IllegalStateException("could not settle the default conversation of customer " + customerId);
  }

  /**
   * Lets the message's own thread keys lead to its conversation from now on.
   *
   * @param keysLeadingHere keys known to lead to the conversation already (no lookup needed)
   */
  public void register(ThreadHints hints, Conversation conversation, Set<String> keysLeadingHere) {
    for (String key : hints.registers()) {
      if (keysLeadingHere.contains(key)) {
        continue;
      }
      Optional<String> owner = conversations.threadOwner(key);
      if (owner.isEmpty()) {
        conversations.registerThread(key, conversation.id(), false);
      } else if (!owner.get().equals(conversation.id())) {
        // A key whose conversation is closed (or gone) now leads to the conversation that follows it.
        boolean stale = conversations.find(owner.get()).map(c -> c.status() == ConversationStatus.CLOSED).orElse(true);
        if (stale) {
          conversations.registerThread(key, conversation.id(), true);
        }
      }
    }
  }
}
