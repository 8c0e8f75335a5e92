package dev.omnihub.hub.channel;

import dev.omnihub.adapters.spi.AdapterContext;
import dev.omnihub.adapters.spi.ChannelAdapter;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.WebhookInbound;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The typed registry of channel adapters. Asking for a type nobody registered fails loudly rather
 * than dropping traffic.
 */
public final class ChannelAdapters {

  private final Map<ChannelType, ChannelAdapter> adapters = new LinkedHashMap<>();

  /**
   * Every adapter on the class path: each channel package lists its adapter in
   * {@code META-INF/services/dev.omnihub.adapters.spi.ChannelAdapter}, so adding a channel touches
   * that package and that one line, nothing in the hub.
   */
  public static ChannelAdapters discover() {
    List<ChannelAdapter> found = new ArrayList<>();
    ServiceLoader.load(ChannelAdapter.class).forEach(found::add);
    return new ChannelAdapters(found);
  }

  public ChannelAdapters(List<ChannelAdapter> adapters) {
    for (ChannelAdapter adapter : adapters) {
      if (this.adapters.put(adapter.type(), adapter) != null) {
        throw new IllegalStateException("two adapters registered for channel type " + adapter.type());
      }
    }
  }

  /** Starts every adapter, one after the other; fails with the first that cannot start. */
  public Future<Void> startAll(AdapterContext context) {
    Future<Void> chain = Future.succeededFuture();
    for (ChannelAdapter adapter : adapters.values()) {
      chain = chain.compose(ignored -> adapter.start(context)
          .recover(error -> Future.failedFuture(new IllegalStateException("the " + adapter.type() + " channel could not start: "
              + error.getMessage(), error))));
    }
    return chain;
  }

  /** Stops every adapter; a failure of one does not keep the others running. */
  public Future<Void> stopAll() {
    List<Future<Void>> stops = adapters.values().stream().map(adapter -> adapter.stop().recover(error -> Future.<Void>succeededFuture())).toList();
    return Future.join(stops).mapEmpty();
  }

  /** Every port an adapter listens on, by protocol, for the ready line. */
  public Map<String, Integer> ports() {
    Map<String, Integer> ports = new TreeMap<>();
    adapters.values().forEach(adapter -> ports.putAll(adapter.ports()));
    return ports;
  }

  /** The settings of a channel type that are credentials; none for a type without an adapter. */
  public Set<String> credentialSettings(ChannelType type) {
    ChannelAdapter adapter = adapters.get(type);
    return adapter == null ? Set.of() : adapter.credentialSettings();
  }

  /** The channel types this hub serves, by name: what its adapters declare. */
  public List<ChannelType> types() {
    return adapters.keySet().stream().sorted(java.util.Comparator.comparing(ChannelType::wireName)).toList();
  }

  /** The channel types whose adapters take webhooks, by name. */
  public List<ChannelType> webhookTypes() {
    return types().stream().filter(type -> adapters.get(type).webhook().isPresent()).toList();
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
