package dev.omnihub.hub.conversation;

import dev.omnihub.adapters.spi.ThreadHints;
import dev.omnihub.hub.store.Ids;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Decides which conversation an inbound message continues: an explicit thread hint wins (a resolved
 * conversation reopens, a closed one does not); otherwise the customer's default thread on any
 * channel; otherwise a new conversation. Concurrent first messages of one customer meet on the
 * unique {@code activeFor} claim, so they start one conversation, not several.
 */
public final class ThreadResolver {

  private static final int MAX_ATTEMPTS = 8;
  /** The prefix of thread keys that name a conversation directly. */
  public static final String CONVERSATION_KEY_PREFIX = "conversation:";

  private final ConversationStore conversations;

  public ThreadResolver(ConversationStore conversations) {
    this.conversations = conversations;
  }

  public ThreadDecision resolve(String customerId, ThreadHints hints, Instant now) {
    return resolve(customerId, hints, now, (key, conversation) -> false);
  }

  /**
   * As {@link #resolve(String, ThreadHints, Instant)}, except that a hint leading to another
   * customer's conversation is followed when {@code mayFollow} says so (given the key and that
   * conversation): the sender proved they are that customer.
   */
  public ThreadDecision resolve(String customerId, ThreadHints hints, Instant now, BiPredicate<String, Conversation> mayFollow) {
    return resolve(customerId, hints, now, mayFollow, false);
  }

  /**
   * As {@link #resolve(String, ThreadHints, Instant, BiPredicate)}; for a customer this very message
   * created ({@code newCustomer}), the default thread is started without looking for one first (the
   * unique {@code activeFor} refuses a second if a concurrent message of theirs started one).
   */
  public ThreadDecision resolve(String customerId, ThreadHints hints, Instant now, BiPredicate<String, Conversation> mayFollow,
      boolean newCustomer) {
    Optional<ThreadDecision> hinted = hinted(customerId, hints, mayFollow);
    if (hinted.isPresent()) {
      return hinted.get();
    }
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Optional<Conversation> current = newCustomer && attempt == 0 ? Optional.empty() : conversations.findActiveFor(customerId);
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
   * The conversation a message belongs to without starting or reopening one: its hinted thread, else
   * the customer's default thread. For automated mail, which must never start a conversation.
   */
  public Optional<Conversation> existing(String customerId, ThreadHints hints) {
    return hinted(customerId, hints, (key, conversation) -> false).map(ThreadDecision::conversation)
        .or(() -> conversations.findActiveFor(customerId));
  }

  /**
   * The first hint that leads to a conversation of this customer that is not closed. A hint that
   * leads to another customer's conversation is passed over: two people answering the same mail each
   * keep their own conversation, and threading never merges customers.
   */
  private Optional<ThreadDecision> hinted(String customerId, ThreadHints hints, BiPredicate<String, Conversation> mayFollow) {
    for (String key : hints.follows()) {
      Optional<Conversation> hinted = owner(key).flatMap(conversations::find);
      if (hinted.isEmpty() || hinted.get().status() == ConversationStatus.CLOSED) {
        continue;
      }
      if (hinted.get().customerId().equals(customerId)) {
        return Optional.of(new ThreadDecision(hinted.get(), false, Set.of(key)));
      }
      // Another customer's conversation: only the rare sender who proved being them may follow it.
      if (mayFollow.test(key, hinted.get())) {
        return Optional.of(new ThreadDecision(hinted.get(), false, Set.of(key), true));
      }
    }
    return Optional.empty();
  }

  /** {@code conversation:<id>} names a conversation itself (an email reply address's token); other keys are registered. */
  private Optional<String> owner(String key) {
    if (key.startsWith(CONVERSATION_KEY_PREFIX)) {
      return Optional.of(key.substring(CONVERSATION_KEY_PREFIX.length()));
    }
    return conversations.threadOwner(key);
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
