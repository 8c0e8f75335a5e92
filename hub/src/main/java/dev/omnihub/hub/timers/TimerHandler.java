package dev.omnihub.hub.timers;

import io.vertx.core.Future;
import java.time.Instant;

/** Does the work of one kind of timer; a failed future runs it again later. */
@FunctionalInterface
public interface TimerHandler {

  /** @return when the timer runs again */
  Future<Rerun> fire(TimerStore.Timer timer);

  /**
   * When a timer runs again after a run that succeeded.
   *
   * @param recurring whether it runs again at {@code at} in any case, or only if it was scheduled again while it ran
   */
  record Rerun(Instant at, boolean recurring) {

    /** Done; if it was scheduled again while it ran, it runs again at {@code at} for what changed. */
    public static Rerun ifChanged(Instant at) {
      return new Rerun(at, false);
    }

    /**
     * Runs again at {@code at}; if it was scheduled again while it ran, it runs again at once instead,
     * since that schedule's own time is lost and the run may not have seen what changed.
     */
    public static Rerun at(Instant at) {
      return new Rerun(at, true);
    }
  }
}
