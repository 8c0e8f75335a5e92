package dev.omnihub.hub.events;

/**
 * An event about no conversation in particular (a customer profile, an agent's presence): it fans
 * out to its typed address and to supervisors only.
 */
public sealed interface UnscopedEvent extends ConversationlessEvent permits CustomerMerged, CustomerChanged, AgentPresence, MergeSuggested {
}
