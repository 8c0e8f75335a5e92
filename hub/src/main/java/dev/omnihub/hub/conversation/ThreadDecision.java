package dev.omnihub.hub.conversation;

import java.util.Set;

/**
 * The conversation a message goes to, whether it was started for it, and the thread keys already
 * seen leading to it (registering those again needs no lookup).
 *
 * @param adopted the conversation is another customer's, whose thread the sender was allowed to
 *                follow (they proved a claim of that customer): the two are one person
 */
public record ThreadDecision(Conversation conversation, boolean created, Set<String> keysLeadingHere, boolean adopted) {

  public ThreadDecision {
    keysLeadingHere = Set.copyOf(keysLeadingHere);
  }

  public ThreadDecision(Conversation conversation, boolean created, Set<String> keysLeadingHere) {
    this(conversation, created, keysLeadingHere, false);
  }
}
