package dev.omnihub.hub.channel;

import dev.omnihub.adapters.spi.AdapterContext;
import dev.omnihub.adapters.spi.AdapterEnvironment;
import dev.omnihub.adapters.spi.AdapterState;
import dev.omnihub.adapters.spi.ChannelDirectory;
import dev.omnihub.adapters.spi.ChannelHealth;
import dev.omnihub.adapters.spi.InboundSink;
import dev.omnihub.adapters.spi.Leases;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The one {@link AdapterContext} the hub hands every adapter; it collects the routes they mount. */
public final class HubAdapterContext implements AdapterContext {

  private final Vertx vertx;
  private final Clock clock;
  private final InboundSink sink;
  private final ChannelDirectory channels;
  private final AdapterState state;
  private final Leases leases;
  private final ChannelHealth health;
  private final AdapterEnvironment environment;
  private final List<Consumer<Router>> mounters = new CopyOnWriteArrayList<>();

  public HubAdapterContext(Vertx vertx, Clock clock, InboundSink sink, ChannelDirectory channels, AdapterState state, Leases leases,
      ChannelHealth health, AdapterEnvironment environment) {
    this.vertx = vertx;
    this.clock = clock;
    this.sink = sink;
    this.channels = channels;
    this.state = state;
    this.leases = leases;
    this.health = health;
    this.environment = environment;
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public InboundSink sink() {
    return sink;
  }

  @Override
  public ChannelDirectory channels() {
    return channels;
  }

  @Override
  public AdapterState state() {
    return state;
  }

  @Override
  public Leases leases() {
    return leases;
  }

  @Override
  public ChannelHealth health() {
    return health;
  }

  @Override
  public AdapterEnvironment environment() {
    return environment;
  }

  @Override
  public void routes(Consumer<Router> mounter) {
    mounters.add(mounter);
  }

  /** Mounts every adapter's routes on a router the hub builds. */
  public void mountRoutes(Router router) {
    mounters.forEach(mounter -> mounter.accept(router));
  }
}
