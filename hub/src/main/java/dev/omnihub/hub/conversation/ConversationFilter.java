package dev.omnihub.hub.conversation;

import java.util.List;

/**
 * Which conversations to list; {@code null} fields do not filter.
 *
 * @param assigneeId an agent id, or {@link #UNASSIGNED}
 * @param channel    a channel type ({@code sms}) or a channel id
 * @param reachedBy  only conversations that used one of these channels (a limited API token's), {@code null} for any
 */
public record ConversationFilter(
    List<ConversationStatus> statuses, String assigneeId, String queueId, String channel, List<String> customerIds,
    List<String> reachedBy) {

  public static final String UNASSIGNED = "none";

  public static ConversationFilter forCustomers(List<String> customerIds, List<String> reachedBy) {
    return new ConversationFilter(null, null, null, null, customerIds, reachedBy);
  }

  /** The same filter, for these customers only (of those it already names, if it names some). */
  public ConversationFilter amongCustomers(List<String> ids) {
    List<String> among = customerIds == null ? ids : ids.stream().filter(customerIds::contains).toList();
    return new ConversationFilter(statuses, assigneeId, queueId, channel, among, reachedBy);
  }
}
