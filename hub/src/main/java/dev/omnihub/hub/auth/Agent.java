package dev.omnihub.hub.auth;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A person of the business who answers customers.
 *
 * @param capacity how many conversations per channel type they take at once
 * @param presence {@code online}, {@code away} or {@code offline}
 */
public record Agent(
    String id,
    String name,
    String email,
    List<Role> roles,
    List<String> skills,
    Map<String, Integer> capacity,
    String presence,
    boolean active,
    Instant createdAt) {
}
