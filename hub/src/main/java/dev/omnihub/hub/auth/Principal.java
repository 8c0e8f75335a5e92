package dev.omnihub.hub.auth;

import dev.omnihub.hub.audit.Actor;
import java.util.List;

/**
 * Who is calling the API: a logged-in agent or an integration's API token.
 *
 * @param kind     {@code agent} or {@code token}
 * @param channels the channels an API token is limited to (it sees only customers and conversations
 *                 reached through them), {@code null} for all
 */
public record Principal(String kind, String id, String name, List<Role> roles, List<String> channels) {

  public static final String AGENT = "agent";
  public static final String TOKEN = "token";
  /** The hub itself, or an automation rule acting in its name: what it writes is authored {@code system}. */
  public static final String SYSTEM = "system";

  public Principal(String kind, String id, String name, List<Role> roles) {
    this(kind, id, name, roles, null);
  }

  /** Whether this is an API token limited to some channels. */
  public boolean scoped() {
    return channels != null;
  }

  /** Whether the principal may see something reached through these channels. */
  public boolean reaches(java.util.Collection<String> channelIds) {
    return channels == null || channelIds.stream().anyMatch(channels::contains);
  }

  public boolean has(Role role) {
    return Role.allows(roles, role);
  }

  public Actor actor() {
    return new Actor(kind, id, name);
  }

  /** The author type of messages this principal writes: agents write as agents, tokens as bots, the hub (and its rules) as the system. */
  public String authorType() {
    return AGENT.equals(kind) ? "agent" : SYSTEM.equals(kind) ? "system" : "bot";
  }
}
