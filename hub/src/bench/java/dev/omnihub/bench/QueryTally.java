package dev.omnihub.bench;

import dev.omnihub.hub.store.embedded.QueryObserver;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * The embedded store's work while one kind of read runs: how many queries, by which index (or
 * {@code scan}), and how many index entries and documents they read. A request that reads far more
 * than it returns, or any scan, shows a missing index before it shows as latency. Background work of
 * the hub (timers, outbox) that runs meanwhile is counted too; its collections tell it apart.
 */
final class QueryTally implements QueryObserver {

  static final String SCAN = "scan";

  private final Map<String, LongAdder> plans = new ConcurrentHashMap<>();
  private final LongAdder keys = new LongAdder();
  private final LongAdder documents = new LongAdder();

  @Override
  public void queryExecuted(String namespace, String plan, long keysExamined, long documentsExamined, long matched) {
    String collection = namespace.substring(namespace.indexOf('.') + 1);
    plans.computeIfAbsent(collection + ":" + plan, key -> new LongAdder()).increment();
    keys.add(keysExamined);
    documents.add(documentsExamined);
  }

  boolean scanned() {
    return plans.keySet().stream().anyMatch(plan -> plan.endsWith(":" + SCAN));
  }

  /** Per request: queries, index entries and documents read, and the plans with their counts. */
  String perRequest(int requests) {
    long queries = plans.values().stream().mapToLong(LongAdder::sum).sum();
    String byPlan = new TreeMap<>(plans).entrySet().stream().map(e -> e.getKey() + " x" + e.getValue().sum())
        .collect(Collectors.joining(", "));
    return String.format(Locale.ROOT, "%.1f queries, %.1f keys, %.1f docs read per request [%s]", (double) queries / requests,
        keys.sum() / (double) requests, documents.sum() / (double) requests, byPlan);
  }
}
