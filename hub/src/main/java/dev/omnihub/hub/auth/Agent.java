package dev.omnihub.hub.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A person of the business who answers customers.
 *
 * @param capacity how many conversations per channel type they take at once
 * @param presence {@code online}, {@code away} or {@code offline}: what they chose while a socket of
 *                 theirs is open, else {@code offline}
 * @param presenceChosen what they last said they are ({@code online} until they say otherwise)
 * @param presenceSince  when {@code presence} last changed
 */
/*
 * tokenVersion: part of every login token; raised by a deactivation, a role change or a password
 * change, which revokes all of the agent's tokens at once. revokedTokens: ids of single tokens logged
 * out before they expire.
 */
public record Agent(
    String id,
    String name,
    String email,
    List<Role> roles,
    List<String> skills,
    Map<String, Integer> capacity,
    String presence,
    String presenceChosen,
    java.time.Instant presenceSince,
    boolean active,
    Instant createdAt,
    long tokenVersion,
    java.util.List<String> revokedTokens) {

  /** Whether they get new work: online by their own say, with a socket open. */
  public boolean online() {
    return "online".equals(presence);
  }
}
