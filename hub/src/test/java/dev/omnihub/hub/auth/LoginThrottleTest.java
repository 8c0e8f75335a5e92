package dev.omnihub.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.omnihub.adapters.spi.RateLimitedException;
import dev.omnihub.hub.limits.ClientLimits;
import dev.omnihub.hub.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final LoginThrottle throttle = new LoginThrottle(clock, ClientLimits.DEFAULTS);

  @Test
  void aGuesserAtOneAddressIsSlowedAfterFiveAttemptsWhileTheUserElsewhereIsNot() {
    for (int i = 0; i <= ClientLimits.DEFAULTS.loginFreePerEmailAndAddress(); i++) {
      throttle.acquire("Ana@x.io", "10.0.0.1");
    }
    assertThatThrownBy(() -> throttle.acquire("ana@x.io", "10.0.0.1"))
        .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
    assertThatCode(() -> throttle.acquire("ana@x.io", "10.0.0.2")).as("the real user, elsewhere").doesNotThrowAnyException();
  }

  @Test
  void theDelayDoublesWithEachAttemptAndStopsGrowingAtFiveMinutes() {
    for (int i = 0; i <= ClientLimits.DEFAULTS.loginFreePerEmailAndAddress(); i++) {
      throttle.acquire("ana@x.io", "10.0.0.1");
    }
    long expected = 1;
    for (int step = 0; step < 12; step++) {
      clock.advance(Duration.ofSeconds(expected));
      throttle.acquire("ana@x.io", "10.0.0.1");
      long wait = ((RateLimitedException) catchThrowable(() -> throttle.acquire("ana@x.io", "10.0.0.1"))).retryAfterSeconds();
      expected = Math.min(expected * 2, LoginThrottle.MAX_DELAY.toSeconds());
      assertThat(wait).isEqualTo(expected);
    }
  }

  @Test
  void guessingOneEmailFromManyAddressesIsSlowedTooButNeverLocksTheUserOut() {
    for (int i = 0; i < ClientLimits.DEFAULTS.loginFreePerEmail(); i++) {
      throttle.acquire("ana@x.io", "10.0.1." + i);
    }
    throttle.acquire("ana@x.io", "10.0.2.1");
    assertThatThrownBy(() -> throttle.acquire("ana@x.io", "10.0.2.2")).isInstanceOf(RateLimitedException.class);
    clock.advance(Duration.ofSeconds(1));
    assertThatCode(() -> throttle.acquire("ana@x.io", "10.0.2.2")).as("a delay, not a lockout").doesNotThrowAnyException();
    assertThatCode(() -> throttle.acquire("bo@x.io", "10.0.2.2")).doesNotThrowAnyException();
  }

  @Test
  void anAddressGuessingManyEmailsIsSlowed() {
    for (int i = 0; i <= ClientLimits.DEFAULTS.loginFreePerAddress(); i++) {
      throttle.acquire("user" + i + "@x.io", "10.0.0.9");
    }
    assertThatThrownBy(() -> throttle.acquire("fresh@x.io", "10.0.0.9")).isInstanceOf(RateLimitedException.class);
    assertThatCode(() -> throttle.acquire("fresh@x.io", "10.0.0.10")).doesNotThrowAnyException();
  }

  @Test
  void aCorrectPasswordClearsTheEmailsCountsAndTheWindowForgetsOldOnes() {
    for (int i = 0; i < ClientLimits.DEFAULTS.loginFreePerEmailAndAddress(); i++) {
      throttle.acquire("ana@x.io", "10.0.0.1");
    }
    throttle.succeeded("ana@x.io", "10.0.0.1");
    for (int i = 0; i <= ClientLimits.DEFAULTS.loginFreePerEmailAndAddress(); i++) {
      throttle.acquire("ana@x.io", "10.0.0.1");
    }
    assertThatThrownBy(() -> throttle.acquire("ana@x.io", "10.0.0.1")).isInstanceOf(RateLimitedException.class);
    clock.advance(LoginThrottle.WINDOW);
    assertThatCode(() -> throttle.acquire("ana@x.io", "10.0.0.1")).doesNotThrowAnyException();
  }
}
