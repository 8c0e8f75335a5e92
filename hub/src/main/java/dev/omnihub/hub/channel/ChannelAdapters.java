package dev.omnihub.hub.channel;

import dev.omnihub.adapters.spi.ChannelAdapter;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.WebhookInbound;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The typed registry of channel adapters. Asking for a type nobody registered fails loudly rather
 * than dropping traffic.
 */
public final class ChannelAdapters {

  private final Map<ChannelType, ChannelAdapter> adapters = new EnumMap<>(ChannelType.class);

  public ChannelAdapters(List<ChannelAdapter> adapters) {
    for (ChannelAdapter adapter : adapters) {
      if (this.adapters.put(adapter.type(), adapter) != null) {
        throw new IllegalStateException("two adapters registered for channel type " + adapter.type());
      }
    }
  }

  /** The settings of a channel type that are credentials; none for a type without an adapter. */
  public Set<String> credentialSettings(ChannelType type) {
    ChannelAdapter adapter = adapters.get(type);
    return adapter == null ? Set.of() : adapter.credentialSettings();
  }

  public boolean supports(ChannelType type) {
    return adapters.containsKey(type);
  }

  /** @throws IllegalStateException when no adapter serves the type (a wiring bug) */
  public ChannelAdapter adapter(ChannelType type) {
    ChannelAdapter adapter = adapters.get(type);
    if (adapter == null) {
      throw new IllegalStateException("no adapter is registered for channel type " + type);
    }
    return adapter;
  }

  /** The webhook side of a type; rejects types that do not take webhooks. */
  public WebhookInbound webhook(ChannelType type) {
    return adapter(type).webhook().orElseThrow(() ->
        InputRejectedException.invalid("channel_type_mismatch", "type", "channels of type " + type + " do not accept webhooks"));
  }

  /** Checks that channels of this type can be created in this build. */
  public ChannelAdapter requireCreatable(ChannelType type) {
    if (!supports(type)) {
      throw InputRejectedException.invalid("unsupported_channel_type", "type",
          "channel type '" + type + "' is not available yet in this version; available: " + adapters.keySet());
    }
    return adapters.get(type);
  }
}
