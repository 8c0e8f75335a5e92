package dev.omnihub.adapters.spi;

import java.util.Objects;

/** One configured channel instance: its type and the hub's id for it. */
public record ChannelRef(ChannelType type, String id) {
  public ChannelRef {
    Objects.requireNonNull(type, "type");
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("channel id must not be blank");
    }
  }
}
