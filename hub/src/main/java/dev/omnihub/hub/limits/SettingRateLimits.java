package dev.omnihub.hub.limits;

import dev.omnihub.adapters.spi.RateLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The adapters' {@link RateLimits}: each a {@link RateLimiter} over a minute, sized by its setting in
 * {@link ClientLimits}, one per setting (asked for twice, the same counts), its counts shared with the
 * other nodes through {@link SharedCounts}.
 */
public final class SettingRateLimits implements RateLimits {

  private final ClientLimits limits;
  private final Clock clock;
  private final SharedCounts shared;
  private final Map<String, RateLimiter> bySetting = new ConcurrentHashMap<>();

  public SettingRateLimits(ClientLimits limits, Clock clock, SharedCounts shared) {
    this.limits = limits;
    this.clock = clock;
    this.shared = shared;
  }

  @Override
  public RateLimit perMinute(String setting, String what) {
    int limit = limits.perMinute(setting);
    return bySetting.computeIfAbsent(setting,
        name -> shared.limiter(name, what, limit, Duration.ofMinutes(1), clock))::acquire;
  }
}
