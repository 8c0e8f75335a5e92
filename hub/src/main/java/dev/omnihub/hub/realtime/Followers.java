package dev.omnihub.hub.realtime;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who follows what: sockets by the key they follow (a conversation, a customer, an agent), so that
 * something about one key is handed to its followers without looking at any other socket.
 * Thread-safe; a key nobody follows any more is dropped.
 */
final class Followers<T> {

  private final Map<String, Set<T>> byKey = new ConcurrentHashMap<>();

  void follow(String key, T follower) {
    byKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(follower);
  }

  void unfollow(String key, T follower) {
    byKey.computeIfPresent(key, (k, followers) -> {
      followers.remove(follower);
      return followers.isEmpty() ? null : followers;
    });
  }

  /** The followers of a key now (a live view; empty when none). */
  Set<T> of(String key) {
    Set<T> followers = byKey.get(key);
    return followers == null ? Set.of() : followers;
  }
}
