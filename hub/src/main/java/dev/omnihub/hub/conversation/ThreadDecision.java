package dev.omnihub.hub.conversation;

import java.util.Set;

/**
 * The conversation a message goes to, whether it was started for it, and the thread keys already
 * seen leading to it (registering those again needs no lookup).
 */
public record ThreadDecision(Conversation conversation, boolean created, Set<String> keysLeadingHere) {

  public ThreadDecision {
    keysLeadingHere = Set.copyOf(keysLeadingHere);
  }
}
