package dev.omnihub.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnihub.hub.errors.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  /** A clock the test moves by hand, so the window can pass without sleeping. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-11-25T10:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final ManualClock clock = new ManualClock();
  private final LoginThrottle throttle = new LoginThrottle(clock);

  @Test
  void refusesAnEmailAfterTenFailuresUntilTheWindowPasses() {
    for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_EMAIL; i++) {
      throttle.check("Ana@x.io", "10.0.0.1");
      throttle.failed("Ana@x.io", "10.0.0.1");
    }
    clock.advance(Duration.ofMinutes(5));

    assertThatThrownBy(() -> throttle.check("ana@x.io", "10.0.0.2"))
        .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(600));
    assertThatCode(() -> throttle.check("bo@x.io", "10.0.0.1")).doesNotThrowAnyException();

    clock.advance(Duration.ofMinutes(10));
    assertThatCode(() -> throttle.check("ana@x.io", "10.0.0.1")).doesNotThrowAnyException();
  }

  @Test
  void refusesAnAddressThatGuessesManyEmails() {
    for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_ADDRESS; i++) {
      throttle.failed("user" + i + "@x.io", "10.0.0.9");
    }
    assertThatThrownBy(() -> throttle.check("fresh@x.io", "10.0.0.9")).isInstanceOf(RateLimitedException.class);
    assertThatCode(() -> throttle.check("fresh@x.io", "10.0.0.10")).doesNotThrowAnyException();
  }

  @Test
  void aSuccessfulLoginClearsTheEmailsFailures() {
    for (int i = 0; i < LoginThrottle.MAX_FAILURES_PER_EMAIL - 1; i++) {
      throttle.failed("ana@x.io", "10.0.0.1");
    }
    throttle.succeeded("ana@x.io");
    throttle.failed("ana@x.io", "10.0.0.1");
    assertThatCode(() -> throttle.check("ana@x.io", "10.0.0.1")).doesNotThrowAnyException();
  }
}
