package dev.omnihub.hub.reports;

import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;

/** What some facts add to a bucket: counters, the CSAT sum and the response and resolution times. */
final class BucketFigures {

  private final Map<String, Long> counts = new LinkedHashMap<>();
  private double csatSum;
  private final List<Double> firstResponses = new ArrayList<>();
  private final List<Double> resolutions = new ArrayList<>();

  void add(ReportFact fact) {
    switch (fact.kind()) {
      case CONVERSATION -> count("conversations", 1);
      case REOPENED -> count("reopened", 1);
      case RESOLVED -> {
        count("resolved", 1);
        resolutions.add(fact.value());
      }
      case FIRST_RESPONSE -> firstResponses.add(fact.value());
      case MESSAGE_IN -> count("messagesIn", 1);
      case MESSAGE_OUT -> count("messagesOut", 1);
      case SLA -> {
        count("slaTotal", 1);
        count("slaMet", (long) fact.value());
      }
      case CSAT -> {
        count("csatResponses", 1);
        count("csatSatisfied", fact.value() >= 4 ? 1 : 0);
        csatSum += fact.value();
      }
    }
  }

  private void count(String field, long by) {
    counts.merge(field, by, Long::sum);
  }

  /** The updates that add these figures to a stored bucket. */
  List<Bson> updates() {
    List<Bson> updates = new ArrayList<>();
    counts.forEach((field, count) -> updates.add(Updates.inc(field, count)));
    if (csatSum != 0) {
      updates.add(Updates.inc("csatSum", csatSum));
    }
    if (!firstResponses.isEmpty()) {
      updates.add(Updates.pushEach("firstResponses", firstResponses));
    }
    if (!resolutions.isEmpty()) {
      updates.add(Updates.pushEach("resolutions", resolutions));
    }
    return updates;
  }

  /** These figures as a new bucket's fields. */
  Document into(Document bucket) {
    counts.forEach(bucket::append);
    if (csatSum != 0) {
      bucket.append("csatSum", csatSum);
    }
    return bucket.append("firstResponses", firstResponses).append("resolutions", resolutions);
  }
}
