package dev.omnihub.hub.auth;

import dev.omnihub.adapters.spi.InputRejectedException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** What someone may do. Each role includes the ones before it: an admin is also a supervisor and an agent. */
public enum Role {
  AGENT,
  SUPERVISOR,
  ADMIN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }

  /** True when any of the held roles includes the required one. */
  public static boolean allows(Collection<Role> held, Role required) {
    return held.stream().anyMatch(role -> role.includes(required));
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(Role::wireName).toList();
  }

  /** @throws InputRejectedException naming {@code field} for an unknown role */
  public static Role parse(String name, String field) {
    for (Role role : values()) {
      if (role.wireName().equals(name)) {
        return role;
      }
    }
    throw InputRejectedException.invalid(field, field + " must be one of " + wireNames() + ", not '" + name + "'");
  }

  public static List<Role> parseAll(List<String> names, String field) {
    return names.stream().map(name -> parse(name, field)).distinct().toList();
  }
}
