package dev.omnihub.hub.events;

/**
 * An event about no conversation in particular (a customer profile, an agent's presence): it fans
 * out to its typed address and to supervisors only.
 */
public sealed interface UnscopedEvent extends HubEvent permits CustomerMerged, CustomerChanged, AgentPresence, MergeSuggested {

  @Override
  default String conversationId() {
    return null;
  }

  @Override
  default String assigneeId() {
    return null;
  }

  @Override
  default String queueId() {
    return null;
  }
}
