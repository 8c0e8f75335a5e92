package dev.omnihub.hub.channel;

import dev.omnihub.adapters.spi.AdapterContext;
import dev.omnihub.adapters.spi.AdapterEnvironment;
import dev.omnihub.adapters.spi.AdapterState;
import dev.omnihub.adapters.spi.ChannelDirectory;
import dev.omnihub.adapters.spi.ChannelHealth;
import dev.omnihub.adapters.spi.CustomerAccess;
import dev.omnihub.adapters.spi.CustomerFeeds;
import dev.omnihub.adapters.spi.InboundSink;
import dev.omnihub.adapters.spi.Leases;
import dev.omnihub.adapters.spi.RateLimits;
import dev.omnihub.hub.net.ClientOrigin;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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
  private final CustomerSide customerSide;
  private final List<Consumer<Router>> mounters = new CopyOnWriteArrayList<>();

  /**
   * What the hub offers channels that face customers themselves (the website widget).
   *
   * @param openConnections the hub's count of open connections, which an upgraded socket keeps until it ends
   */
  public record CustomerSide(CustomerFeeds feeds, CustomerAccess access, RateLimits limits, AtomicInteger openConnections) {
  }

  public HubAdapterContext(Vertx vertx, Clock clock, InboundSink sink, ChannelDirectory channels, AdapterState state, Leases leases,
      ChannelHealth health, AdapterEnvironment environment, CustomerSide customerSide) {
    this.vertx = vertx;
    this.clock = clock;
    this.sink = sink;
    this.channels = channels;
    this.state = state;
    this.leases = leases;
    this.health = health;
    this.environment = environment;
    this.customerSide = customerSide;
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

  @Override
  public String clientAddress(RoutingContext request) {
    return ClientOrigin.of(request).limitKey();
  }

  @Override
  public Future<ServerWebSocket> upgrade(RoutingContext request) {
    // An upgraded connection no longer reports its close to the server: the socket's end does.
    return request.request().toWebSocket().onSuccess(socket -> socket.endHandler(ended -> customerSide.openConnections().decrementAndGet()));
  }

  @Override
  public RateLimits limits() {
    return customerSide.limits();
  }

  @Override
  public CustomerFeeds customerFeeds() {
    return customerSide.feeds();
  }

  @Override
  public CustomerAccess customers() {
    return customerSide.access();
  }

  /** Mounts every adapter's routes on a router the hub builds. */
  public void mountRoutes(Router router) {
    mounters.forEach(mounter -> mounter.accept(router));
  }
}
