package dev.omnihub.hub.events;

/**
 * An event for supervisors and admins only, about no conversation in particular (an alert, a queue's
 * figures): scoped to no agent, so only those who see everything get it ({@link Audience#SUPERVISORS}).
 */
public sealed interface SupervisorsEvent extends ConversationlessEvent permits AlertRaised, QueueStats {
}
