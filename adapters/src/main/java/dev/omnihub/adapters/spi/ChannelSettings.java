package dev.omnihub.adapters.spi;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A configured channel as an adapter sees it.
 *
 * @param secret  the shared secret for signatures in both directions (may be {@code null} for
 *                channels that do not sign)
 * @param options the adapter's own settings, as returned by {@link ChannelAdapter#validateOptions}
 */
public record ChannelSettings(String id, ChannelType type, String name, String secret, JsonObject options) {
  public ChannelSettings {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    options = options == null ? new JsonObject() : options.copy();
  }

  public ChannelRef ref() {
    return new ChannelRef(type, id);
  }
}
