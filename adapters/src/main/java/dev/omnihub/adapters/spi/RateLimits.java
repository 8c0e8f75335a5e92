package dev.omnihub.adapters.spi;

/**
 * The hub's per-client limits, each configured by a setting with a documented default (such as
 * {@code WIDGET_SESSIONS_PER_MINUTE}), so a busy site raises them in one place.
 */
public interface RateLimits {

  /**
   * The limit the setting configures, counting per key (a client address, a visitor) over a minute.
   *
   * @param setting the setting's name, such as {@code WIDGET_SESSIONS_PER_MINUTE}
   * @param what    what is counted, for the refusal's message ({@code widget sessions from this address})
   * @throws IllegalArgumentException for a setting the hub does not have (a mistake found at start)
   */
  RateLimit perMinute(String setting, String what);

  /** One limit. */
  interface RateLimit {

    /**
     * Counts one for the key.
     *
     * @throws RateLimitedException when the key is over the limit (nothing is counted then)
     */
    void acquire(String key);
  }
}
