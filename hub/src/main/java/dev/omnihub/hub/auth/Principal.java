package dev.omnihub.hub.auth;

import dev.omnihub.hub.audit.Actor;
import java.util.List;

/**
 * Who is calling the API: a logged-in agent or an integration's API token.
 *
 * @param kind {@code agent} or {@code token}
 */
public record Principal(String kind, String id, String name, List<Role> roles) {

  public static final String AGENT = "agent";
  public static final String TOKEN = "token";

  public boolean has(Role role) {
    return Role.allows(roles, role);
  }

  public Actor actor() {
    return new Actor(kind, id, name);
  }

  /** The author type of messages this principal writes: agents write as agents, tokens as bots. */
  public String authorType() {
    return AGENT.equals(kind) ? "agent" : "bot";
  }
}
