package dev.omnihub.hub.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A queue: the conversations of some channels wait in it for its members.
 *
 * @param channels        channel ids or types whose conversations it takes
 * @param skills          skills an agent needs for any of its conversations
 * @param priority        among queues taking the same channel, the highest takes a conversation
 * @param overflowAfter   a conversation waiting longer moves (once) to {@code overflowQueueId}; {@code null} for never
 * @param agentIds        its members
 * @param lastAssignedTo  the member a {@code roundRobin} queue gave its last conversation to
 */
public record Queue(
    String id,
    String name,
    List<String> channels,
    List<String> skills,
    Strategy strategy,
    int priority,
    String slaPolicyId,
    Duration overflowAfter,
    String overflowQueueId,
    List<String> agentIds,
    String lastAssignedTo,
    Instant createdAt) {

  public Queue {
    channels = List.copyOf(channels);
    skills = List.copyOf(skills);
    agentIds = List.copyOf(agentIds);
  }

  /** How a queue picks among its eligible members. */
  public enum Strategy {
    /** The member holding the fewest open conversations of the type; ties: the longest since their last assignment. */
    LEAST_LOADED("leastLoaded"),
    /** Members in turn. */
    ROUND_ROBIN("roundRobin"),
    /** Nobody is picked: agents and supervisors assign by hand. */
    MANUAL("manual");

    private final String wireName;

    Strategy(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    public static List<String> wireNames() {
      return java.util.Arrays.stream(values()).map(Strategy::wireName).toList();
    }

    /** @return the strategy, or {@code null} for an unknown name */
    public static Strategy parse(String name) {
      for (Strategy strategy : values()) {
        if (strategy.wireName.equals(name) || strategy.name().toLowerCase(Locale.ROOT).equals(name)) {
          return strategy;
        }
      }
      return null;
    }
  }

  /** Whether the queue takes conversations of this channel (by its id or its type). */
  public boolean takes(String channelId, String channelType) {
    return channelId != null && channels.contains(channelId) || channelType != null && channels.contains(channelType);
  }
}
