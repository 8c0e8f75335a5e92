package dev.omnihub.hub.conversation;

import java.util.List;

/**
 * Which conversations to list; {@code null} fields do not filter.
 *
 * @param assigneeId an agent id, or {@link #UNASSIGNED}
 * @param channel    a channel type ({@code sms}) or a channel id
 */
public record ConversationFilter(
    List<ConversationStatus> statuses, String assigneeId, String queueId, String channel, List<String> customerIds) {

  public static final String UNASSIGNED = "none";

  public static ConversationFilter forCustomers(List<String> customerIds) {
    return new ConversationFilter(null, null, null, null, customerIds);
  }
}
