package dev.omnihub.hub.customer;

import java.util.List;

/** The outcome of merging one profile into another. */
public record MergeResult(String survivorId, String loserId, List<String> movedIdentities, List<String> movedConversations) {
}
