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
 * {@code report_buckets}: what happened in one hour and in one day (UTC) under one dimension —
 * everything ({@code all}), a channel type, an agent, a queue — as counters and, for response and
 * resolution times, the exact values (percentiles are read from them, not estimated). A range is read
 * from whole days inside it and hours at its ends. A bucket remembers the cursor of the last event it
 * took ({@code appliedUpTo}); the reaction runs events in cursor order, so an event taken again after
 * a crash is recognised and counts nothing twice. Blocking.
 */
public final class ReportBuckets {

  public static final String ALL = "all";
  public static final String CHANNEL = "channel";
  public static final String AGENT = "agent";
  public static final String QUEUE = "queue";

  /** One bucket as read. */
  public record Bucket(Instant start, String dim, String key, long conversations, long reopened, long resolved, long messagesIn,
      long messagesOut, long slaMet, long slaTotal, long csatResponses, double csatSum, long csatSatisfied, List<Double> firstResponses,
      List<Double> resolutions) {
  }

  private final MongoCollection<Document> buckets;

  public ReportBuckets(MongoStore store) {
    this.buckets = store.collection(Collections.REPORT_BUCKETS);
  }

  /** Adds the facts to their buckets, each fact once however often it is handed over. */
  public void add(List<ReportFact> facts) {
    Map<BucketId, List<ReportFact>> byBucket = new LinkedHashMap<>();
    for (ReportFact fact : facts) {
      for (BucketId id : BucketId.of(fact)) {
        byBucket.computeIfAbsent(id, ignored -> new ArrayList<>()).add(fact);
      }
    }
    if (byBucket.isEmpty()) {
      return;
    }
    Map<String, Long> applied = new HashMap<>();
    buckets.find(Filters.in("_id", byBucket.keySet().stream().map(BucketId::id).toList())).projection(new Document("appliedUpTo", 1))
        .forEach(doc -> applied.put(doc.getString("_id"), Docs.longValue(doc, "appliedUpTo")));
    List<WriteModel<Document>> writes = new ArrayList<>();
    byBucket.forEach((id, bucketFacts) -> {
      Long upTo = applied.get(id.id());
      List<ReportFact> fresh = bucketFacts.stream().filter(fact -> upTo == null || fact.cursor() > upTo).toList();
      if (!fresh.isEmpty()) {
        // A new bucket is inserted by this update (its filter matches nothing, the upsert inserts it).
        Bson where = upTo == null ? Filters.and(Filters.eq("_id", id.id()), Filters.exists("appliedUpTo", false))
            : Filters.and(Filters.eq("_id", id.id()), Filters.eq("appliedUpTo", upTo));
        writes.add(new UpdateOneModel<>(where, update(id, fresh), new UpdateOptions().upsert(upTo == null)));
      }
    });
    if (!writes.isEmpty()) {
      buckets.bulkWrite(writes);
    }
  }

  private static Bson update(BucketId id, List<ReportFact> facts) {
    BucketFigures figures = new BucketFigures();
    facts.forEach(figures::add);
    List<Bson> updates = new ArrayList<>();
    updates.add(Updates.set("appliedUpTo", facts.stream().mapToLong(ReportFact::cursor).max().orElseThrow()));
    id.fields().forEach((field, value) -> updates.add(Updates.setOnInsert(field, value)));
    updates.addAll(figures.updates());
    return Updates.combine(updates);
  }

  /**
   * The buckets of a dimension (one key of it, or all) covering [from, to): whole days inside it and
   * hours at its ends, or only hours when {@code hoursOnly} (days in a time zone other than UTC). A
   * bucket counts when it starts within the range: the range is read by whole hours.
   */
  public List<Bucket> read(String dim, String key, Instant from, Instant to, boolean hoursOnly) {
    Instant firstDay = from.truncatedTo(ChronoUnit.DAYS).equals(from) ? from : from.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS);
    Instant lastDay = to.truncatedTo(ChronoUnit.DAYS);
    List<Bucket> read = new ArrayList<>();
    if (hoursOnly || !firstDay.isBefore(lastDay)) {
      read(BucketId.HOUR, dim, key, from, to, read);
      return read;
    }
    read(BucketId.HOUR, dim, key, from, firstDay, read);
    read(BucketId.DAY, dim, key, firstDay, lastDay, read);
    read(BucketId.HOUR, dim, key, lastDay, to, read);
    return read;
  }

  private void read(String span, String dim, String key, Instant from, Instant to, List<Bucket> into) {
    if (!from.isBefore(to)) {
      return;
    }
    List<Bson> filters = new ArrayList<>(List.of(Filters.eq("span", span), Filters.eq("dim", dim)));
    if (key != null) {
      filters.add(Filters.eq("key", key));
    }
    filters.add(Filters.gte("start", Docs.date(from)));
    filters.add(Filters.lt("start", Docs.date(to)));
    buckets.find(Filters.and(filters)).forEach(doc -> into.add(new Bucket(Docs.instant(doc, "start"), doc.getString("dim"),
        doc.getString("key"), Docs.longValue(doc, "conversations"), Docs.longValue(doc, "reopened"), Docs.longValue(doc, "resolved"),
        Docs.longValue(doc, "messagesIn"), Docs.longValue(doc, "messagesOut"), Docs.longValue(doc, "slaMet"), Docs.longValue(doc, "slaTotal"),
        Docs.longValue(doc, "csatResponses"), doc.get("csatSum") instanceof Number sum ? sum.doubleValue() : 0,
        Docs.longValue(doc, "csatSatisfied"), numbers(doc, "firstResponses"), numbers(doc, "resolutions"))));
  }

  private static List<Double> numbers(Document doc, String field) {
    List<?> values = doc.getList(field, Object.class, List.of());
    List<Double> numbers = new ArrayList<>(values.size());
    values.forEach(value -> numbers.add(((Number) value).doubleValue()));
    return numbers;
  }
}
