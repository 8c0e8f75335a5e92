package dev.omnihub.hub.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.TestHub;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ticket numbers are never shared: hundreds of escalations at the same moment each get their own,
 * counting from 1001 without a gap, and after a restart the count goes on where it was.
 */
class TicketNumbersTest {

  private static final int AT_ONCE = 300;

  @TempDir
  Path dataDir;

  @Test
  void numbersTakenAtTheSameMomentAreAllDifferentAndGoOnAfterARestart() throws Exception {
    Set<Long> taken = new ConcurrentSkipListSet<>();
    try (TestHub hub = TestHub.start(dataDir, Map.of())) {
      var store = hub.hub().services().mongo();
      TicketNumbers numbers = new TicketNumbers(store);
      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<Long>> calls = new ArrayList<>();
        for (int i = 0; i < AT_ONCE; i++) {
          calls.add(pool.submit(() -> store.write(numbers::next).await(30, TimeUnit.SECONDS)));
        }
        for (Future<Long> call : calls) {
          assertThat(taken.add(call.get(60, TimeUnit.SECONDS))).as("a number given twice").isTrue();
        }
      }
    }
    assertThat(new TreeSet<>(taken)).containsExactlyElementsOf(LongStream.rangeClosed(1001, 1000 + AT_ONCE).boxed().toList());

    try (TestHub again = TestHub.start(dataDir, Map.of())) {
      var store = again.hub().services().mongo();
      assertThat(store.write(new TicketNumbers(store)::next).await(30, TimeUnit.SECONDS)).isEqualTo(1001L + AT_ONCE);
    }
  }
}
