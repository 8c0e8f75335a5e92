package dev.omnihub.hub.kb;

import dev.omnihub.hub.store.Docs;
import dev.omnihub.kb.KnowledgeIndex;
import dev.omnihub.kb.Suggestion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's Lucene index in step with the store, the source of truth: {@code kb_articles} and
 * {@code kb_answers}. At start it reconciles: each entry whose indexed version differs from the
 * store's is indexed again, each entry the store no longer has is removed (so a missing, stale or
 * wiped index, or one a kill cut short, comes back). Then it follows changes by {@code changedAt}
 * every second (changes other nodes made) and applies a local write at once. All index writes run on
 * one thread, in order; each batch ends with a Lucene commit.
 */
public final class KnowledgeSync implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KnowledgeSync.class);
  /** Changes are re-read this far back: two nodes' clocks and a write in flight. */
  private static final Duration OVERLAP = Duration.ofSeconds(5);
  private static final int BATCH = 500;

  private final List<IndexSource> sources;
  private final KnowledgeIndex index;
  private final Clock clock;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("omnihub-kb-index").daemon().factory());
  /** Index versions as this node last wrote them (by kind and id), so a followed change already applied is skipped. */
  private final Map<String, Long> applied = new HashMap<>();
  private Instant followedUpTo = Instant.EPOCH;

  public KnowledgeSync(ArticleStore articles, AnsweredQuestions answers, KnowledgeIndex index, Clock clock) {
    this.sources = List.of(articles, answers);
    this.index = index;
    this.clock = clock;
  }

  /** Brings the index in step with the store (blocking on the index thread). @return entries indexed again or removed */
  public Future<Integer> reconcile() {
    return writer.submit(() -> {
      Instant started = clock.instant();
      int changed = 0;
      applied.clear();
      for (IndexSource source : sources) {
        changed += reconcile(source);
      }
      index.commit();
      followedUpTo = started.minus(OVERLAP);
      if (changed > 0) {
        log.info("Knowledge index brought in step with the store: {} entries indexed again or removed", changed);
      }
      return changed;
    });
  }

  private int reconcile(IndexSource source) {
    Map<String, Long> stored = source.currentVersions();
    Map<String, Long> indexed = index.indexedVersions(source.kind());
    int changed = 0;
    for (Map.Entry<String, Long> entry : indexed.entrySet()) {
      Long version = stored.get(entry.getKey());
      if (version == null || version < 0) {
        index.remove(source.kind(), entry.getKey());
        changed++;
      }
    }
    for (Map.Entry<String, Long> entry : stored.entrySet()) {
      if (entry.getValue() >= 0 && !entry.getValue().equals(indexed.get(entry.getKey()))) {
        source.apply(entry.getKey(), index);
        changed++;
      }
    }
    index.indexedVersions(source.kind()).forEach((id, version) -> applied.put(source.kind().key(id), version));
    return changed;
  }

  /** Applies one article's current state (after a write on this node). */
  public Future<?> apply(String articleId) {
    return apply(Suggestion.Kind.ARTICLE, articleId);
  }

  /** Applies one entry's current state (after a write on this node). */
  public Future<?> apply(Suggestion.Kind kind, String id) {
    IndexSource source = source(kind);
    return writer.submit(() -> {
      applied.put(kind.key(id), source.apply(id, index));
      index.commit();
    });
  }

  /** Applies what changed in the store since the last look (other nodes' writes). @return how many */
  public Future<Integer> follow() {
    if (writer.isShutdown()) {
      return java.util.concurrent.CompletableFuture.completedFuture(0);
    }
    return writer.submit(() -> {
      try {
        return followOnce();
      } catch (RuntimeException e) {
        log.warn("Could not follow knowledge-base changes: {}", e.toString());
        return 0;
      }
    });
  }

  private int followOnce() {
    Instant looked = clock.instant();
    int changed = 0;
    for (IndexSource source : sources) {
      changed += follow(source);
    }
    if (changed > 0) {
      index.commit();
    }
    followedUpTo = looked.minus(OVERLAP);
    return changed;
  }

  private int follow(IndexSource source) {
    int changed = 0;
    List<Document> changes;
    Instant from = followedUpTo;
    Instant previous;
    do {
      previous = from;
      changes = source.changedSince(from, BATCH);
      for (Document change : changes) {
        Long version = change.getLong("version");
        String key = source.kind().key(change.getString("_id"));
        if (!version.equals(applied.get(key))) {
          source.apply(change.getString("_id"), index);
          // The version seen in the change, a deletion's too, so the overlap does not apply it twice.
          applied.put(key, version);
          changed++;
        }
        from = Docs.instant(change, "changedAt");
      }
      // A full batch of changes at one instant would not move on: the next look takes them.
    } while (changes.size() == BATCH && from.isAfter(previous));
    return changed;
  }

  private IndexSource source(Suggestion.Kind kind) {
    return sources.stream().filter(source -> source.kind() == kind).findFirst().orElseThrow();
  }


  /** Lets the index thread finish what it was given (then the hub commits and closes the index). */
  @Override
  public void close() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
        log.warn("The knowledge index thread did not finish within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
