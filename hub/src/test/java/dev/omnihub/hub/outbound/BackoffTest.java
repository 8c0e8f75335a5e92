package dev.omnihub.hub.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void growsFourfoldWithinTwentyPercentJitterAndCapsAtAnHour() {
    Backoff backoff = new Backoff(Duration.ofSeconds(2), new SplittableRandom(7));
    for (int i = 0; i < 1000; i++) {
      assertThat(backoff.delayAfter(1).toMillis()).isBetween(1600L, 2400L);
      assertThat(backoff.delayAfter(3).toMillis()).isBetween(25_600L, 38_400L);
      assertThat(backoff.delayAfter(12).toMillis()).isBetween(2_880_000L, 4_320_000L);
    }
  }
}
