package dev.omnihub.hub.limits;

import dev.omnihub.adapters.spi.RateLimits;
import java.time.Clock;
import java.time.Duration;

/** The adapters' {@link RateLimits}: each a {@link RateLimiter} over a minute, sized by its setting in {@link ClientLimits}. */
public final class SettingRateLimits implements RateLimits {

  private final ClientLimits limits;
  private final Clock clock;

  public SettingRateLimits(ClientLimits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  @Override
  public RateLimit perMinute(String setting, String what) {
    return new RateLimiter(what, limits.perMinute(setting), Duration.ofMinutes(1), clock)::acquire;
  }
}
