package dev.omnihub.hub.channel;

import dev.omnihub.adapters.spi.ChannelSettings;
import dev.omnihub.adapters.spi.ChannelType;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A configured channel: a website widget, a mailbox, an SMS number, a voice line, an integration. */
public record Channel(String id, ChannelType type, String name, String secret, JsonObject options, Instant createdAt) {

  public ChannelSettings settings() {
    return new ChannelSettings(id, type, name, secret, options);
  }
}
