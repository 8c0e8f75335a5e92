package dev.omnihub.hub.conversation;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Where routing has a conversation: the queue it waits in, the hold on its agent's capacity that backs
 * its assignment, and the reason of the last decision. Kept in the conversation's {@code routing}
 * field; written only by the routing package and by the status changes that end a hold.
 *
 * @param queuedAt     when it started waiting in its queue (kept after assignment, shown to agents)
 * @param waitingIn    the queue it waits in for an agent, or {@code null} when it waits for none
 * @param rank         its priority's place in the waiting order (urgent 0 ... low 3), while it waits
 * @param hold         the token of its agent's hold ({@code agent_loads}) that counts it against their
 *                     capacity, or {@code null} when nothing counts it (unassigned, resolved, reopened)
 * @param capacityType the channel type whose capacity the hold takes
 * @param reason       why it was last assigned, moved or given back ({@code leastLoaded}, {@code manual}...)
 * @param ruleId       the automation rule of that decision, if one made it
 * @param manual       assigned by a person: routing never takes it away, except from an agent gone offline
 * @param overflowed   it moved to its queue's overflow queue once and will not again
 * @param pooled       no queue takes its channel: it stays in the unassigned pool until one does
 */
public record Routing(
    Instant queuedAt,
    String waitingIn,
    int rank,
    List<String> requiredSkills,
    String hold,
    String capacityType,
    String reason,
    String ruleId,
    boolean manual,
    boolean overflowed,
    boolean pooled) {

  public static final Routing NONE = new Routing(null, null, rank("normal"), List.of(), null, null, null, null, false, false, false);

  public Routing {
    requiredSkills = requiredSkills == null ? List.of() : List.copyOf(requiredSkills);
  }

  /** The place of a priority in the waiting order: urgent first, low last; unknown counts as normal. */
  public static int rank(String priority) {
    return switch (priority == null ? "normal" : priority.toLowerCase(Locale.ROOT)) {
      case "urgent" -> 0;
      case "high" -> 1;
      case "low" -> 3;
      default -> 2;
    };
  }
}
