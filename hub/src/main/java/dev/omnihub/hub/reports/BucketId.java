package dev.omnihub.hub.reports;

import dev.omnihub.hub.store.Docs;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * A bucket's identity: its span (an hour or a day, UTC), when it starts, its dimension and key
 * ({@code all} has the empty key). Stored as {@code _id = <span>|<start millis>|<dim>|<key>}.
 */
record BucketId(String span, Instant start, String dim, String key) {

  static final String HOUR = "hour";
  static final String DAY = "day";

  /** The buckets a fact counts in: its hour and its day, under every dimension it has. */
  static List<BucketId> of(ReportFact fact) {
    List<BucketId> ids = new ArrayList<>(8);
    for (String span : List.of(HOUR, DAY)) {
      Instant start = fact.at().truncatedTo(HOUR.equals(span) ? ChronoUnit.HOURS : ChronoUnit.DAYS);
      ids.add(new BucketId(span, start, ReportBuckets.ALL, ""));
      if (fact.channel() != null) {
        ids.add(new BucketId(span, start, ReportBuckets.CHANNEL, fact.channel()));
      }
      if (fact.agentId() != null) {
        ids.add(new BucketId(span, start, ReportBuckets.AGENT, fact.agentId()));
      }
      if (fact.queueId() != null) {
        ids.add(new BucketId(span, start, ReportBuckets.QUEUE, fact.queueId()));
      }
    }
    return ids;
  }

  String id() {
    return span + "|" + start.toEpochMilli() + "|" + dim + "|" + key;
  }

  /** A new bucket's identifying fields. */
  Document fields() {
    return new Document("span", span).append("start", Docs.date(start)).append("dim", dim).append("key", key);
  }
}
