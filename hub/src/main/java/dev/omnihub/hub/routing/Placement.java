package dev.omnihub.hub.routing;

import dev.omnihub.hub.conversation.Conversation;
import java.util.List;
import java.util.Optional;

/**
 * Which queue a conversation waits in: the one it is in already (a person put it there, or it was
 * given back to it), else the queue with the highest priority whose channels name the channel of the
 * customer's last message (by id or type), else none: it stays in the unassigned pool. (A rule's
 * {@code assign} action will come first, with automation.)
 */
final class Placement {

  private Placement() {
  }

  /** @param queues every queue, highest priority first */
  static Optional<Queue> choose(Conversation conversation, List<Queue> queues) {
    if (conversation.queueId() != null) {
      Optional<Queue> current = queues.stream().filter(queue -> queue.id().equals(conversation.queueId())).findFirst();
      if (current.isPresent()) {
        return current;
      }
    }
    return queues.stream().filter(queue -> queue.takes(conversation.lastChannelId(), conversation.capacityType())).findFirst();
  }
}
