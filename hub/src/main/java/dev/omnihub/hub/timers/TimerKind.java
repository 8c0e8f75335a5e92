package dev.omnihub.hub.timers;

import java.util.regex.Pattern;

/**
 * A kind of timer: the name its timers carry in the store, and how many runs may fail before one is
 * given up ({@link TimerStore#bury buried}) instead of retried forever. Each feature that schedules
 * timers declares its kind as a constant and registers a handler for it ({@link TimerRegistry}).
 *
 * @param maxAttempts runs of one timer, the first included, before a failing one is given up
 */
public record TimerKind(String name, int maxAttempts) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

  public TimerKind {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a timer kind is lower-case letters, digits, '.', '_' or '-', not '" + name + "'");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("timer kind " + name + " needs at least one attempt, not " + maxAttempts);
    }
  }
}
