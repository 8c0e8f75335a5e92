package dev.omnihub.hub.timers;

import io.vertx.core.Future;

/** Does the work of one kind of timer; a failed future runs it again later. */
@FunctionalInterface
public interface TimerHandler {

  /**
   * @return when it should run again for what changed while it ran (it was scheduled again), given now
   */
  Future<java.time.Instant> fire(TimerStore.Timer timer);
}
