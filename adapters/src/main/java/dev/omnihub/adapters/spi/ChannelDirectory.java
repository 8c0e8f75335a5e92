package dev.omnihub.adapters.spi;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** The configured channels, as adapters see them (credentials decrypted). */
public interface ChannelDirectory {

  /** Every channel of the type, read from a short-lived cache. */
  Future<List<ChannelSettings>> ofType(ChannelType type);

  Future<Optional<ChannelSettings>> find(String channelId);

  /** Runs the listener (on the adapter's context) whenever a channel is created or changed, on any node. */
  void onChange(Runnable listener);
}
