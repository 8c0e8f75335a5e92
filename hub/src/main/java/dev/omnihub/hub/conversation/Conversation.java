package dev.omnihub.hub.conversation;

import dev.omnihub.hub.sla.SlaSummary;
import java.time.Instant;
import java.util.List;

/**
 * One thread with one customer, across every channel they used in it.
 *
 * @param channels      channel types used in it, in order of first use
 * @param channelIds    channel instances used in it
 * @param lastChannelId the channel of the customer's last message: where replies go by default
 * @param lastChannelType its type: whose capacity the conversation takes of its agent
 * @param activeFor     the customer id while this is that customer's default (continuing) thread
 * @param waitingSince  since when the customer has been waiting for an answer, or {@code null}
 * @param lastPreview   the start of the last customer-visible message
 * @param botId         the bot that handles the conversation until it hands off, or {@code null}
 * @param routing       its queue, the hold on its agent's capacity, the last routing decision
 * @param ticket        its open (or latest) ticket, or {@code null}
 * @param sla           its ticket's SLA clocks, or its own while it waits in a queue with a policy; {@code null} for none
 * @param tags          labels agents and rules put on it
 * @param csat          the customer's answer to its last satisfaction survey, or {@code null}
 * @param unreadCount   the customer's messages since an agent last read the conversation
 */
public record Conversation(
    String id,
    String customerId,
    ConversationStatus status,
    List<String> channels,
    List<String> channelIds,
    String lastChannelId,
    String lastChannelType,
    String activeFor,
    String assigneeId,
    String queueId,
    String priority,
    Instant createdAt,
    Instant updatedAt,
    Instant lastMessageAt,
    Instant lastInboundAt,
    Instant waitingSince,
    Instant firstResponseAt,
    Instant snoozedUntil,
    String lastPreview,
    long version,
    String botId,
    Routing routing,
    TicketRef ticket,
    SlaSummary sla,
    List<String> tags,
    CsatRef csat,
    int unreadCount) {

  public Conversation {
    routing = routing == null ? Routing.NONE : routing;
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** The channel type it counts as against an agent's capacity: that of the customer's last message. */
  public String capacityType() {
    if (lastChannelType != null) {
      return lastChannelType;
    }
    return channels.isEmpty() ? "chat" : channels.get(channels.size() - 1);
  }

  /** Whether it takes an agent's attention (open, pending, snoozed): what counts against their capacity. */
  public boolean active() {
    return status.continuesThread();
  }
}
