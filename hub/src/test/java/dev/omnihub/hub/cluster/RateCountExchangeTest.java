package dev.omnihub.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnihub.adapters.spi.RateLimitedException;
import dev.omnihub.hub.config.ConfigLoader;
import dev.omnihub.hub.config.HubConfig;
import dev.omnihub.hub.limits.RateLimiter;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes' limits sharing one store (the real embedded store, through the driver): a client spread
 * over both gets the limit once, not once per node.
 */
class RateCountExchangeTest {

  private static final String SETTING = "WIDGET_SESSIONS_PER_MINUTE";

  @TempDir
  Path dataDir;
  private Vertx vertx;
  private MongoStore store;
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-08T10:00:00Z"));

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    HubConfig config = ConfigLoader.load(Map.of("DATA_DIR", dataDir.toString()), dataDir);
    store = MongoStore.open(vertx, config, new SimpleMeterRegistry());
  }

  @AfterEach
  void close() throws Exception {
    store.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aClientSpreadOverTwoNodesGetsTheLimitOnceAcrossThem() throws Exception {
    Node a = node("node-a", 60);
    Node b = node("node-b", 60);
    acquire(a.limiter(), "203.0.113.7", 40);
    exchange(a, b);

    acquire(b.limiter(), "203.0.113.7", 20);
    assertThatThrownBy(() -> b.limiter().acquire("203.0.113.7")).as("node b knows node a's 40")
        .isInstanceOf(RateLimitedException.class).hasMessageContaining("try again in 60 s");
    exchange(a, b);
    assertThatThrownBy(() -> a.limiter().acquire("203.0.113.7")).as("and node a knows node b's 20").isInstanceOf(RateLimitedException.class);
    b.limiter().acquire("198.51.100.1");
  }

  @Test
  void aNodeAloneCountsItsOwnUsesOnly() {
    Node alone = node("node-a", 3);
    acquire(alone.limiter(), "203.0.113.7", 3);
    assertThatThrownBy(() -> alone.limiter().acquire("203.0.113.7")).isInstanceOf(RateLimitedException.class);
    alone.limiter().acquire("203.0.113.8");
  }

  @Test
  void anotherNodesUsesStopCountingWhenTheirWindowEnds() throws Exception {
    Node a = node("node-a", 60);
    Node b = node("node-b", 60);
    acquire(a.limiter(), "203.0.113.7", 60);
    exchange(a, b);
    assertThatThrownBy(() -> b.limiter().acquire("203.0.113.7")).isInstanceOf(RateLimitedException.class);

    clock.advance(Duration.ofSeconds(61));
    acquire(b.limiter(), "203.0.113.7", 60);
    exchange(a, b);
    assertThatThrownBy(() -> b.limiter().acquire("203.0.113.7")).as("b's own window is full").isInstanceOf(RateLimitedException.class);
    acquire(a.limiter(), "203.0.113.8", 1);
  }

  @Test
  void refusedUsesAreNotCountedAndANodeThatKeepsRefusingSharesNothingNew() throws Exception {
    Node a = node("node-a", 10);
    Node b = node("node-b", 10);
    acquire(a.limiter(), "203.0.113.7", 10);
    for (int i = 0; i < 50; i++) {
      assertThatThrownBy(() -> a.limiter().acquire("203.0.113.7")).isInstanceOf(RateLimitedException.class);
    }
    assertThat(a.limiter().shared()).singleElement().satisfies(window -> assertThat(window.uses()).isEqualTo(10));
    exchange(a, b);
    assertThat(b.exchange().uses(SETTING, "203.0.113.7", clock.millis())).isEqualTo(10);
  }

  @Test
  void keysBelowATwentiethOfTheLimitAreNotShared() {
    Node a = node("node-a", 600);
    acquire(a.limiter(), "203.0.113.7", 29);
    acquire(a.limiter(), "203.0.113.8", 30);
    assertThat(a.limiter().shared()).extracting(RateLimiter.KeyWindow::key).containsExactly("203.0.113.8");
  }

  private record Node(RateCountExchange exchange, RateLimiter limiter) {
  }

  private Node node(String id, int limit) {
    RateCountExchange exchange = new RateCountExchange(id, clock);
    exchange.exchangeThrough(store);
    RateLimiter limiter = exchange.limiter(SETTING, "widget sessions from this address", limit, Duration.ofMinutes(1), clock);
    return new Node(exchange, limiter);
  }

  /** Each node writes its counts, then reads the other's. */
  private void exchange(Node... nodes) throws Exception {
    for (int round = 0; round < 2; round++) {
      for (Node node : nodes) {
        store.writeWithoutWaiting(() -> {
          node.exchange().exchange();
          return null;
        }).await(10, TimeUnit.SECONDS);
      }
    }
  }

  private static void acquire(RateLimiter limiter, String key, int times) {
    for (int i = 0; i < times; i++) {
      limiter.acquire(key);
    }
  }
}
