package dev.omnihub.hub.timers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every timer kind the hub runs, with its handler, registered in one place at wiring. A kind that is
 * registered twice stops start-up; a stored timer of a kind nobody registered is given up at start
 * ({@link TimerScheduler}), not retried forever.
 */
public final class TimerRegistry {

  /** A kind and the handler that does its work. */
  public record Registered(TimerKind kind, TimerHandler handler) {
  }

  private final Map<String, Registered> kinds;

  private TimerRegistry(Map<String, Registered> kinds) {
    this.kinds = Map.copyOf(kinds);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Optional<Registered> find(String name) {
    return Optional.ofNullable(kinds.get(name));
  }

  public Set<String> names() {
    return kinds.keySet();
  }

  /** Collects kinds and their handlers. */
  public static final class Builder {

    private final Map<String, Registered> kinds = new LinkedHashMap<>();

    private Builder() {
    }

    /** @throws IllegalStateException when the kind's name is registered already */
    public Builder add(TimerKind kind, TimerHandler handler) {
      if (kinds.putIfAbsent(kind.name(), new Registered(kind, handler)) != null) {
        throw new IllegalStateException("timer kind " + kind.name() + " is registered twice");
      }
      return this;
    }

    public TimerRegistry build() {
      return new TimerRegistry(kinds);
    }
  }
}
