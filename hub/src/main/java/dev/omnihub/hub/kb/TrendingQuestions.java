package dev.omnihub.hub.kb;

import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.events.AlertRaised;
import dev.omnihub.hub.events.EventAddresses;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.MessageCreated;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.privacy.PersonalDataMask;
import dev.omnihub.kb.KnowledgeIndex;
import dev.omnihub.kb.TrendDetector;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises a supervisor alert when one problem comes up from several customers within a window
 * ({@link TrendDetector}): each customer message stored on this node is looked at on one background
 * thread (an embedding and a search each), never on the ingest path, at most {@value #MAX_PER_SECOND}
 * a second; beyond that, or a full queue, a question is skipped and counted rather than slowing
 * ingest. The detector lives in memory: after a restart it starts counting again.
 */
public final class TrendingQuestions implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TrendingQuestions.class);
  private static final int QUEUE = 10_000;
  /**
   * Questions looked at per second at most: each costs an embedding and a search (5 to 8 ms of CPU).
   * Ten a second is 860,000 a day, more than a help desk's customers write; under an ingest flood the
   * rest are skipped and counted, so trend detection never takes the CPU that stores messages (at 50
   * a second the ingest bench lost a quarter of its rate on two cores).
   */
  static final int MAX_PER_SECOND = 10;
  private static final int MAX_EXAMPLE = 300;

  private final PublishingStore store;
  private final AlertStore alerts;
  private final TrendDetector detector;
  private final PersonalDataMask mask;
  private final Clock clock;
  private final ExecutorService worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
      Thread.ofPlatform().name("omnihub-trending").daemon().factory());
  private final AtomicLong skipped = new AtomicLong();
  private long second;
  private int takenThisSecond;

  public TrendingQuestions(PublishingStore store, AlertStore alerts, KnowledgeIndex index, PersonalDataMask mask, Duration window,
      int minCustomers, Clock clock) {
    this.store = store;
    this.alerts = alerts;
    this.detector = new TrendDetector(index, window, minCustomers);
    this.mask = mask;
    this.clock = clock;
  }

  /** Follows the customer messages this node stores. */
  public void start() {
    store.listen(EventAddresses.MESSAGE_CREATED, event -> {
      if (event instanceof MessageCreated created && created.message().direction() == Direction.INBOUND) {
        observe(created.message());
      }
    });
  }

  /** Questions skipped because the thread was behind: a burst larger than the queue. */
  public long skipped() {
    return skipped.get();
  }

  /** Whether this second still has room for a question (event-loop threads call it: synchronized, and short). */
  private synchronized boolean admit() {
    long now = System.nanoTime() / 1_000_000_000L;
    if (now != second) {
      second = now;
      takenThisSecond = 0;
    }
    return takenThisSecond++ < MAX_PER_SECOND;
  }

  private void observe(Message message) {
    if (!admit()) {
      skipped.incrementAndGet();
      return;
    }
    Instant at = clock.instant();
    try {
      // Everything but the admission on the worker: a call's facts can be megabytes to read.
      worker.execute(() -> {
        try {
          String text = SuggestionQuery.customerText(message);
          detector.observe(new TrendDetector.Question(message.id(), message.author().id(), message.conversationId(), text, null, at))
              .ifPresent(this::raise);
        } catch (RuntimeException e) {
          log.warn("Could not look for trends in message {}: {}", message.id(), e.toString());
        }
      });
    } catch (RejectedExecutionException full) {
      if (skipped.incrementAndGet() % 1000 == 1) {
        log.warn("Trending questions are behind: {} customer messages skipped so far", skipped.get());
      }
    }
  }

  private void raise(TrendDetector.Trend trend) {
    List<AlertStore.Example> examples = trend.examples().stream().map(example -> new AlertStore.Example(example.conversationId(),
        cut(mask.mask(example.text(), List.of())))).toList();
    List<String> customers = trend.examples().stream().map(TrendDetector.Question::customerId).toList();
    Instant at = clock.instant();
    store.writeAndPublish(() -> {
      JsonObject alert = alerts.trending(cut(trend.title()), trend.questions(), customers, examples, trend.articleId(), at);
      return new Outcome<>(alert, List.<HubEvent>of(new AlertRaised(alert)));
    }).onSuccess(alert -> log.info("Trending: {} customers asked about \"{}\" (alert {})", trend.customers(), alert.getString("title"),
        alert.getString("id"))).onFailure(error -> log.warn("Could not store a trending alert: {}", error.toString()));
  }

  private static String cut(String text) {
    return text.length() <= MAX_EXAMPLE ? text : text.substring(0, MAX_EXAMPLE - 1) + "…";
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
