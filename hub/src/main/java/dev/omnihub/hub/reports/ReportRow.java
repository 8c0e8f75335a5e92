package dev.omnihub.hub.reports;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One row of a report (a day, a channel type, an agent, a queue, or the totals): the buckets' counters
 * added up, and the times' exact average and percentiles from every value (nearest rank).
 */
public final class ReportRow {

  /** Average and percentiles of a list of seconds; all {@code null} when there are none. */
  public record Times(Double avg, Double p50, Double p90) {

    static Times of(List<Double> values) {
      if (values.isEmpty()) {
        return new Times(null, null, null);
      }
      List<Double> sorted = new ArrayList<>(values);
      Collections.sort(sorted);
      double sum = 0;
      for (double value : sorted) {
        sum += value;
      }
      return new Times(round(sum / sorted.size()), sorted.get(rank(sorted.size(), 0.5)), sorted.get(rank(sorted.size(), 0.9)));
    }

    /** Nearest rank: the smallest value with at least that share of the values at or below it. */
    private static int rank(int size, double share) {
      return Math.max(0, (int) Math.ceil(share * size) - 1);
    }
  }

  private final String key;
  private long conversations;
  private long reopened;
  private long resolved;
  private long messagesIn;
  private long messagesOut;
  private long slaMet;
  private long slaTotal;
  private long csatResponses;
  private double csatSum;
  private long csatSatisfied;
  private final List<Double> firstResponses = new ArrayList<>();
  private final List<Double> resolutions = new ArrayList<>();

  ReportRow(String key) {
    this.key = key;
  }

  void add(ReportBuckets.Bucket bucket) {
    conversations += bucket.conversations();
    reopened += bucket.reopened();
    resolved += bucket.resolved();
    messagesIn += bucket.messagesIn();
    messagesOut += bucket.messagesOut();
    slaMet += bucket.slaMet();
    slaTotal += bucket.slaTotal();
    csatResponses += bucket.csatResponses();
    csatSum += bucket.csatSum();
    csatSatisfied += bucket.csatSatisfied();
    firstResponses.addAll(bucket.firstResponses());
    resolutions.addAll(bucket.resolutions());
  }

  public String key() {
    return key;
  }

  public long conversations() {
    return conversations;
  }

  public long reopened() {
    return reopened;
  }

  public long resolved() {
    return resolved;
  }

  public long messagesIn() {
    return messagesIn;
  }

  public long messagesOut() {
    return messagesOut;
  }

  public Times firstResponse() {
    return Times.of(firstResponses);
  }

  public Times resolution() {
    return Times.of(resolutions);
  }

  public long csatResponses() {
    return csatResponses;
  }

  /** The average score, or {@code null} without answers. */
  public Double csatAverage() {
    return csatResponses == 0 ? null : round(csatSum / csatResponses);
  }

  /** The share of answers of 4 or 5, in percent, or {@code null} without answers. */
  public Double csatSatisfiedPercent() {
    return csatResponses == 0 ? null : round(100.0 * csatSatisfied / csatResponses);
  }

  /** The share of SLA targets that ended in the range and were met, in percent, or {@code null} when none ended. */
  public Double slaMetPercent() {
    return slaTotal == 0 ? null : round(100.0 * slaMet / slaTotal);
  }

  private static double round(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }
}
