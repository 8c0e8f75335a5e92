package dev.omnihub.adapters.spi;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The hub's side of an adapter, in memory, for adapter tests: a sink that records what it is handed,
 * the channels the test gives, state and leases in maps. No listener is started ({@code smtpPort}
 * -1) unless the test asks for one.
 */
public final class TestAdapterContext implements AdapterContext {

  private final Vertx vertx;
  private final AdapterEnvironment environment;
  private final List<InboundResult> received = new CopyOnWriteArrayList<>();
  private final List<ChannelSettings> channels = new CopyOnWriteArrayList<>();
  private final Map<String, JsonObject> state = new ConcurrentHashMap<>();
  private final Map<String, String> health = new ConcurrentHashMap<>();

  public TestAdapterContext(Vertx vertx, int smtpPort, Path dataDir) {
    this.vertx = vertx;
    this.environment = new AdapterEnvironment("127.0.0.1", smtpPort, dataDir, () -> "http://localhost", null);
  }

  public List<InboundResult> received() {
    return received;
  }

  public void addChannel(ChannelSettings channel) {
    channels.add(channel);
  }

  /** What the adapter last reported for a channel's component: "ok" or the error. */
  public String health(String channelId, String component) {
    return health.get(channelId + "/" + component);
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public InboundSink sink() {
    return new InboundSink() {
      @Override
      public Future<IngestAck> accept(InboundMessage message) {
        received.add(message);
        return Future.succeededFuture(new IngestAck("m" + received.size(), "c1", "u1", false));
      }

      @Override
      public Future<InboundOutcome> submit(InboundResult result) {
        received.add(result);
        return Future.succeededFuture(new InboundOutcome.Dropped("recorded by the test"));
      }
    };
  }

  @Override
  public ChannelDirectory channels() {
    return new ChannelDirectory() {
      @Override
      public Future<List<ChannelSettings>> ofType(ChannelType type) {
        return Future.succeededFuture(channels.stream().filter(channel -> channel.type() == type).toList());
      }

      @Override
      public Future<Optional<ChannelSettings>> find(String channelId) {
        return Future.succeededFuture(channels.stream().filter(channel -> channel.id().equals(channelId)).findFirst());
      }

      @Override
      public void onChange(Runnable listener) {
      }
    };
  }

  @Override
  public AdapterState state() {
    return new AdapterState() {
      @Override
      public Future<JsonObject> read(String channelId, String key) {
        return Future.succeededFuture(state.getOrDefault(channelId + "/" + key, new JsonObject()).copy());
      }

      @Override
      public Future<Void> write(String channelId, String key, JsonObject value) {
        state.put(channelId + "/" + key, value.copy());
        return Future.succeededFuture();
      }
    };
  }

  @Override
  public Leases leases() {
    return new Leases() {
      @Override
      public Future<Long> acquireFenced(String name, Duration ttl) {
        // The only node: it always holds every lease, under one token.
        return Future.succeededFuture(1L);
      }

      @Override
      public Future<Void> release(String name) {
        return Future.succeededFuture();
      }
    };
  }

  @Override
  public ChannelHealth health() {
    return new ChannelHealth() {
      @Override
      public void healthy(String channelId, String component) {
        health.put(channelId + "/" + component, "ok");
      }

      @Override
      public void failing(String channelId, String component, String error) {
        health.put(channelId + "/" + component, error);
      }
    };
  }

  @Override
  public AdapterEnvironment environment() {
    return environment;
  }

  @Override
  public void routes(Consumer<Router> mounter) {
  }

  @Override
  public String clientAddress(RoutingContext request) {
    return request.request().remoteAddress().hostAddress();
  }

  @Override
  public Future<ServerWebSocket> upgrade(RoutingContext request) {
    return request.request().toWebSocket();
  }

  /** No limits in adapter tests. */
  @Override
  public RateLimits limits() {
    return (setting, what) -> key -> {
    };
  }

  @Override
  public CustomerFeeds customerFeeds() {
    throw new UnsupportedOperationException("customer feeds are the hub's; adapter tests do not follow a log");
  }

  @Override
  public CustomerAccess customers() {
    throw new UnsupportedOperationException("customer profiles are the hub's; adapter tests have none");
  }
}
