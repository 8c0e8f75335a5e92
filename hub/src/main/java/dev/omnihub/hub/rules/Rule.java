package dev.omnihub.hub.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An automation rule: on which events, under which conditions ({@code all} must hold, and one of
 * {@code any} if there are any), which actions, in {@code position} order among the rules; {@code stop}
 * ends the round for that event once it acted.
 *
 * @param idleFor for {@code conversation.idle}: how long without a message; else {@code null}
 * @param secret  signs its webhooks ({@code X-OmniHub-Signature}, as bots' events)
 */
public record Rule(String id, String name, boolean enabled, int position, List<String> on, Duration idleFor, List<Condition> all,
    List<Condition> any, List<RuleAction> actions, boolean stop, String secret, Instant createdAt, Instant updatedAt) {

  public static final List<String> EVENTS = List.of("conversation.created", "message.created", "conversation.updated", "ticket.created",
      "ticket.updated", "sla.warning", "sla.breached", "conversation.idle", "csat.received");
  public static final String IDLE = "conversation.idle";

  public boolean listensTo(String event) {
    return enabled && on.contains(event);
  }
}
