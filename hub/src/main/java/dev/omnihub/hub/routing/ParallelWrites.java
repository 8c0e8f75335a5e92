package dev.omnihub.hub.routing;

import dev.omnihub.hub.events.HubEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routing's writes of one pass, a few at a time: each is a few store round trips, which is what a pass
 * waits on, and none depends on another's order (the ledger and the conversations' versions decide).
 */
final class ParallelWrites {

  private static final Logger log = LoggerFactory.getLogger(ParallelWrites.class);
  /** Writes at once. */
  static final int PARALLEL = 8;

  private ParallelWrites() {
  }

  /**
   * Runs the writes {@value #PARALLEL} at a time and returns their events in the order of the writes.
   * One that fails is left for the next pass (logged), so it cannot cost the others their events.
   */
  static List<HubEvent> run(List<Callable<List<HubEvent>>> writes) {
    if (writes.isEmpty()) {
      return List.of();
    }
    Semaphore slots = new Semaphore(PARALLEL);
    List<Future<List<HubEvent>>> running = new ArrayList<>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (var write : writes) {
        slots.acquireUninterruptibly();
        running.add(threads.submit(() -> {
          try {
            return write.call();
          } finally {
            slots.release();
          }
        }));
      }
    }
    List<HubEvent> events = new ArrayList<>();
    for (var result : running) {
      try {
        events.addAll(result.get());
      } catch (ExecutionException e) {
        log.warn("A routing write failed (the next pass tries again): {}", e.getCause().toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return events;
  }
}
