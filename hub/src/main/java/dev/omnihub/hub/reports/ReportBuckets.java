package dev.omnihub.hub.reports;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.MongoStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * {@code report_buckets}: what happened in one hour (UTC) under one dimension — everything
 * ({@code all}), a channel type, an agent, a queue — as counters and, for response and resolution
 * times, the exact values (percentiles are read from them, not estimated). A bucket remembers the
 * cursor of the last event it took ({@code appliedUpTo}); the reaction runs events in cursor order, so
 * an event taken again after a crash is recognised and counts nothing twice. Blocking.
 */
public final class ReportBuckets {

  public static final String ALL = "all";
  public static final String CHANNEL = "channel";
  public static final String AGENT = "agent";
  public static final String QUEUE = "queue";

  /** One bucket as read. */
  public record Bucket(Instant hour, String dim, String key, long conversations, long reopened, long resolved, long messagesIn,
      long messagesOut, long slaMet, long slaTotal, long csatResponses, double csatSum, long csatSatisfied, List<Double> firstResponses,
      List<Double> resolutions) {
  }

  private final MongoCollection<Document> buckets;

  public ReportBuckets(MongoStore store) {
    this.buckets = store.collection(Collections.REPORT_BUCKETS);
  }

  /** Adds the facts to their buckets, each fact once however often it is handed over. */
  public void add(List<ReportFact> facts) {
    Map<String, List<ReportFact>> byBucket = new LinkedHashMap<>();
    for (ReportFact fact : facts) {
      for (String id : bucketIds(fact)) {
        byBucket.computeIfAbsent(id, ignored -> new ArrayList<>()).add(fact);
      }
    }
    if (byBucket.isEmpty()) {
      return;
    }
    Map<String, Long> applied = new HashMap<>();
    buckets.find(Filters.in("_id", byBucket.keySet())).projection(new Document("appliedUpTo", 1))
        .forEach(doc -> applied.put(doc.getString("_id"), Docs.longValue(doc, "appliedUpTo")));
    List<WriteModel<Document>> writes = new ArrayList<>();
    byBucket.forEach((id, bucketFacts) -> {
      Long upTo = applied.get(id);
      List<ReportFact> fresh = bucketFacts.stream().filter(fact -> upTo == null || fact.cursor() > upTo).toList();
      if (!fresh.isEmpty()) {
        // Created by this update when new (the filter then matches nothing and the upsert inserts it).
        Bson where = upTo == null ? Filters.and(Filters.eq("_id", id), Filters.exists("appliedUpTo", false))
            : Filters.and(Filters.eq("_id", id), Filters.eq("appliedUpTo", upTo));
        writes.add(new UpdateOneModel<>(where, update(id, fresh), new UpdateOptions().upsert(upTo == null)));
      }
    });
    if (!writes.isEmpty()) {
      buckets.bulkWrite(writes);
    }
  }

  private static Bson update(String id, List<ReportFact> facts) {
    BucketFigures figures = new BucketFigures();
    facts.forEach(figures::add);
    String[] parts = id.split("\\|", 3);
    List<Bson> updates = new ArrayList<>();
    updates.add(Updates.set("appliedUpTo", facts.stream().mapToLong(ReportFact::cursor).max().orElseThrow()));
    updates.add(Updates.setOnInsert("hour", Docs.date(Instant.ofEpochMilli(Long.parseLong(parts[0])))));
    updates.add(Updates.setOnInsert("dim", parts[1]));
    updates.add(Updates.setOnInsert("key", parts[2]));
    updates.addAll(figures.updates());
    return Updates.combine(updates);
  }

  /** The buckets a fact counts in: its hour under every dimension it has. */
  static List<String> bucketIds(ReportFact fact) {
    long hour = fact.at().truncatedTo(ChronoUnit.HOURS).toEpochMilli();
    List<String> ids = new ArrayList<>(4);
    ids.add(hour + "|" + ALL + "|");
    if (fact.channel() != null) {
      ids.add(hour + "|" + CHANNEL + "|" + fact.channel());
    }
    if (fact.agentId() != null) {
      ids.add(hour + "|" + AGENT + "|" + fact.agentId());
    }
    if (fact.queueId() != null) {
      ids.add(hour + "|" + QUEUE + "|" + fact.queueId());
    }
    return ids;
  }

  /** The buckets of a dimension (one key of it, or all) whose hour starts within [from, to). */
  public List<Bucket> read(String dim, String key, Instant from, Instant to) {
    Bson filter = Filters.and(Filters.eq("dim", dim), Filters.gte("hour", Docs.date(from)), Filters.lt("hour", Docs.date(to)));
    if (key != null) {
      filter = Filters.and(Filters.eq("dim", dim), Filters.eq("key", key), Filters.gte("hour", Docs.date(from)), Filters.lt("hour", Docs.date(to)));
    }
    List<Bucket> read = new ArrayList<>();
    buckets.find(filter).forEach(doc -> read.add(new Bucket(Docs.instant(doc, "hour"), doc.getString("dim"), doc.getString("key"),
        Docs.longValue(doc, "conversations"), Docs.longValue(doc, "reopened"), Docs.longValue(doc, "resolved"), Docs.longValue(doc, "messagesIn"),
        Docs.longValue(doc, "messagesOut"), Docs.longValue(doc, "slaMet"), Docs.longValue(doc, "slaTotal"), Docs.longValue(doc, "csatResponses"),
        doc.get("csatSum") instanceof Number sum ? sum.doubleValue() : 0, Docs.longValue(doc, "csatSatisfied"), numbers(doc, "firstResponses"),
        numbers(doc, "resolutions"))));
    return read;
  }

  private static List<Double> numbers(Document doc, String field) {
    List<?> values = doc.getList(field, Object.class, List.of());
    List<Double> numbers = new ArrayList<>(values.size());
    values.forEach(value -> numbers.add(((Number) value).doubleValue()));
    return numbers;
  }
}
