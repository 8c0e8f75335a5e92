package dev.omnihub.hub.channel;

import dev.omnihub.adapters.spi.ChannelDirectory;
import dev.omnihub.adapters.spi.ChannelSettings;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.hub.events.EventAddresses;
import dev.omnihub.hub.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.util.List;
import java.util.Optional;

/** The adapters' view of {@link ChannelStore}; change notices travel on the event bus. */
public final class StoreChannelDirectory implements ChannelDirectory {

  private final MongoStore store;
  private final ChannelStore channels;
  private final EventBus bus;

  public StoreChannelDirectory(MongoStore store, ChannelStore channels, EventBus bus) {
    this.store = store;
    this.channels = channels;
    this.bus = bus;
  }

  @Override
  public Future<List<ChannelSettings>> ofType(ChannelType type) {
    return store.read(() -> channels.list().stream().filter(channel -> channel.type() == type).map(Channel::settings).toList());
  }

  @Override
  public Future<Optional<ChannelSettings>> find(String channelId) {
    return store.read(() -> channels.findCached(channelId).map(Channel::settings));
  }

  @Override
  public void onChange(Runnable listener) {
    bus.consumer(EventAddresses.CHANNELS_CHANGED, message -> listener.run());
  }

  /** Tells every node's adapters that a channel was created or changed. */
  public static void announceChange(EventBus bus, String channelId) {
    bus.publish(EventAddresses.CHANNELS_CHANGED, channelId);
  }
}
