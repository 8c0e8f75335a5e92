package dev.omnihub.hub.routing;

/**
 * Why routing (or a person) put a conversation where it is: the {@code routing.reason} of its
 * {@code conversation.updated} event and the words of its system line.
 *
 * @param reason  {@code leastLoaded}, {@code roundRobin}, {@code manual}, {@code rule}, {@code overflow},
 *                {@code offline} or {@code capacity}
 * @param ruleId  the automation rule that decided, for {@code rule}
 * @param queueId the queue it is assigned in or moved to, if any
 */
public record Decision(String reason, String ruleId, String queueId) {

  public static final String LEAST_LOADED = "leastLoaded";
  public static final String ROUND_ROBIN = "roundRobin";
  public static final String MANUAL = "manual";
  public static final String RULE = "rule";
  public static final String OVERFLOW = "overflow";
  public static final String OFFLINE = "offline";
  public static final String CAPACITY = "capacity";

  public static Decision of(String reason, String queueId) {
    return new Decision(reason, null, queueId);
  }

  /** A person's decision: routing leaves it alone, except to take chats from an agent gone offline. */
  public boolean manual() {
    return MANUAL.equals(reason);
  }

  /** How the system line says it: "least loaded", "round robin"... */
  public String words() {
    return switch (reason) {
      case LEAST_LOADED -> "least loaded";
      case ROUND_ROBIN -> "round robin";
      case RULE -> "by rule";
      default -> reason;
    };
  }
}
