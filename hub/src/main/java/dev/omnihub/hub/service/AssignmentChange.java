package dev.omnihub.hub.service;

/**
 * Which parts of an assignment to change: a given field is set (null clears it), a missing one stays.
 */
public record AssignmentChange(boolean agentGiven, String agentId, boolean queueGiven, String queueId) {
}
