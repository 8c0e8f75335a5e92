package dev.omnihub.hub.store;

import dev.omnihub.hub.store.embedded.QueryObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The embedded store's query work as metrics: {@code omnihub_store_queries_total{collection, plan}}
 * (plan is the index used, or {@code scan}), and per collection the index entries read, documents
 * read and documents returned. Queries that read far more documents than they return have no fitting
 * index. Listeners (tests, the benchmark) see every query as it happens.
 */
public final class QueryStats implements QueryObserver {

  private record PlanKey(String collection, String plan) {
  }

  private record CollectionMeters(Counter keys, Counter examined, Counter returned) {
  }

  private final MeterRegistry registry;
  private final Map<PlanKey, Counter> queries = new ConcurrentHashMap<>();
  private final Map<String, CollectionMeters> collections = new ConcurrentHashMap<>();
  private final List<QueryObserver> listeners = new CopyOnWriteArrayList<>();

  public QueryStats(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Adds a listener; returns a handle that removes it. */
  public AutoCloseable listen(QueryObserver listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public void queryExecuted(String namespace, String plan, long keysExamined, long documentsExamined, long returned) {
    String collection = namespace.substring(namespace.indexOf('.') + 1);
    queries.computeIfAbsent(new PlanKey(collection, plan), key -> Counter.builder("omnihub.store.queries")
        .description("Queries answered by the embedded store, by the index used (or scan)")
        .tag("collection", key.collection()).tag("plan", key.plan()).register(registry)).increment();
    CollectionMeters meters = collections.computeIfAbsent(collection, this::metersFor);
    meters.keys().increment(keysExamined);
    meters.examined().increment(documentsExamined);
    meters.returned().increment(returned);
    for (QueryObserver listener : listeners) {
      listener.queryExecuted(namespace, plan, keysExamined, documentsExamined, returned);
    }
  }

  private CollectionMeters metersFor(String collection) {
    return new CollectionMeters(
        Counter.builder("omnihub.store.keys.examined").description("Index entries read by queries").tag("collection", collection)
            .register(registry),
        Counter.builder("omnihub.store.documents.examined").description("Documents read and matched against queries")
            .tag("collection", collection).register(registry),
        Counter.builder("omnihub.store.documents.returned").description("Documents in the answers of queries (after skip and limit)")
            .tag("collection", collection).register(registry));
  }
}
