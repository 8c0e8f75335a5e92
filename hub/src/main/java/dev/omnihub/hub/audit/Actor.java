package dev.omnihub.hub.audit;

/**
 * Who did something: an agent, an integration's API token, a bot, or the hub itself.
 *
 * @param type {@code agent}, {@code token}, {@code bot} or {@code system}
 * @param id   the agent's or token's id; {@code null} for the system
 */
public record Actor(String type, String id, String name) {

  public static final Actor SYSTEM = new Actor("system", null, "OmniHub");
}
