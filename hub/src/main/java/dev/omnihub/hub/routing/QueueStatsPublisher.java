package dev.omnihub.hub.routing;

import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.events.QueueStats;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import dev.omnihub.adapters.spi.Leases;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a second, reads every queue's figures ({@link QueueBoard}) and sends supervisors a
 * {@code queue.stats} event for each queue whose figures changed, so a queue never gets more than one a
 * second; the same figures are Prometheus gauges on {@code /metrics} ({@code omnihub_queue_waiting},
 * {@code omnihub_queue_longest_wait_seconds}, {@code omnihub_queue_agents} by presence), so an
 * operator's dashboard sees what the board sees.
 *
 * <p>Every node keeps its gauges; the events come from one node at a time, the holder of the
 * {@value #LEASE} lease, so several nodes send a queue's changed figures once, not once each.
 */
public final class QueueStatsPublisher {

  private static final Logger log = LoggerFactory.getLogger(QueueStatsPublisher.class);
  private static final long EVERY_MILLIS = 1_000;
  static final String LEASE = "queue-stats";
  /** Renewed at every change it sends; a holder that stops sending lets another node take over after it. */
  private static final java.time.Duration LEASE_TTL = java.time.Duration.ofSeconds(5);

  private final PublishingStore store;
  private final QueueBoard board;
  private final Clock clock;
  private final MultiGauge waiting;
  private final MultiGauge longestWait;
  private final MultiGauge agents;
  private final Map<String, JsonObject> lastSent = new HashMap<>();
  private boolean running;
  private long timer = -1;
  private Vertx vertx;
  private Leases leases;

  public QueueStatsPublisher(PublishingStore store, QueueBoard board, Clock clock, MeterRegistry metrics) {
    this.store = store;
    this.board = board;
    this.clock = clock;
    this.waiting = MultiGauge.builder("omnihub.queue.waiting").description("conversations waiting in the queue for an agent")
        .register(metrics);
    this.longestWait = MultiGauge.builder("omnihub.queue.longest.wait").baseUnit("seconds")
        .description("how long the longest-waiting conversation of the queue has waited").register(metrics);
    this.agents = MultiGauge.builder("omnihub.queue.agents").description("the queue's members by presence (busy: online with no room)")
        .register(metrics);
  }

  public void start(Vertx vertx, Leases leases) {
    this.vertx = vertx;
    this.leases = leases;
    vertx.runOnContext(ignored -> timer = vertx.setPeriodic(EVERY_MILLIS, id -> tick()));
  }

  public void stop() {
    if (vertx != null && timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private void tick() {
    if (running) {
      return;
    }
    running = true;
    store.read(() -> board.queueFigures(clock.instant()))
        .compose(figures -> {
          gauges(figures);
          List<HubEvent> changed = new ArrayList<>();
          for (JsonObject queue : figures) {
            if (!queue.equals(lastSent.get(queue.getString("queueId")))) {
              changed.add(new QueueStats(queue));
            }
          }
          if (changed.isEmpty()) {
            return io.vertx.core.Future.succeededFuture();
          }
          return leases.acquire(LEASE, LEASE_TTL).compose(held -> held ? send(changed) : io.vertx.core.Future.succeededFuture());
        })
        .onFailure(error -> log.warn("Could not send the queues' figures: {}", error.toString()))
        .onComplete(ignored -> running = false);
  }

  private io.vertx.core.Future<Void> send(List<HubEvent> changed) {
    return store.writeAndPublish(() -> new Outcome<Void>(null, changed))
              .onSuccess(ignored -> changed.forEach(event -> lastSent.put(((QueueStats) event).stats().getString("queueId"),
                  ((QueueStats) event).stats())));
  }

  private void gauges(List<JsonObject> figures) {
    List<MultiGauge.Row<?>> waitingRows = new ArrayList<>();
    List<MultiGauge.Row<?>> waitRows = new ArrayList<>();
    List<MultiGauge.Row<?>> agentRows = new ArrayList<>();
    for (JsonObject queue : figures) {
      Tags tags = Tags.of("queue", queue.getString("name"));
      waitingRows.add(MultiGauge.Row.of(tags, queue.getLong("waiting")));
      waitRows.add(MultiGauge.Row.of(tags, queue.getLong("longestWaitSeconds")));
      agentRows.add(MultiGauge.Row.of(tags.and("presence", "online"), queue.getInteger("agentsOnline")));
      agentRows.add(MultiGauge.Row.of(tags.and("presence", "away"), queue.getInteger("agentsAway")));
      agentRows.add(MultiGauge.Row.of(tags.and("presence", "busy"), queue.getInteger("agentsBusy")));
    }
    waiting.register(waitingRows, true);
    longestWait.register(waitRows, true);
    agents.register(agentRows, true);
  }
}
