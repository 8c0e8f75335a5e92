package dev.omnihub.hub.timers;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/** Does the work of one kind of timer; a failed future runs it again later. */
@FunctionalInterface
public interface TimerHandler {

  /** @return when the timer runs again */
  Future<Rerun> fire(TimerStore.Timer timer);

  /** How one timer's run in a batch ended: when it runs again, or why it failed. */
  record Fired(TimerStore.Timer timer, Rerun rerun, Throwable failure) {

    public static Fired ran(TimerStore.Timer timer, Rerun rerun) {
      return new Fired(timer, rerun, null);
    }

    public static Fired failed(TimerStore.Timer timer, Throwable failure) {
      return new Fired(timer, null, failure);
    }
  }

  /**
   * Runs due timers of this kind together: by default each on its own, side by side. A handler whose
   * timers can share their store commands (one read for all their subjects, one write for all their
   * changes) overrides it: a thousand timers due at one instant are then a few dozen commands.
   */
  default Future<List<Fired>> fireAll(List<TimerStore.Timer> timers) {
    List<Future<Fired>> each = timers.stream().map(timer -> {
      Future<Rerun> fired;
      try {
        fired = fire(timer);
      } catch (RuntimeException e) {
        fired = Future.failedFuture(e);
      }
      return fired.transform(result -> Future.succeededFuture(result.succeeded() ? Fired.ran(timer, result.result())
          : Fired.failed(timer, result.cause())));
    }).toList();
    return Future.join(each).transform(ignored -> Future.succeededFuture(each.stream().map(Future::result).toList()));
  }

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
