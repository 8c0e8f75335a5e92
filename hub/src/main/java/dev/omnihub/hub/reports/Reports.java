package dev.omnihub.hub.reports;

import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.store.MongoStore;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reports: figures over a range of time, by day (in a time zone), channel type, agent or queue,
 * read from the buckets the {@link ReportRecorder} keeps (never from the messages): whole UTC days
 * inside the range and hours at its ends, or hours throughout for days in another time zone. A range is
 * read by whole hours: a bucket counts when it starts within [from, to). Blocking.
 */
public final class Reports {

  public static final List<String> GROUPINGS = List.of("day", "channel", "agent", "queue");

  /** A report: its rows in key order and the totals over the range. */
  public record Report(List<ReportRow> rows, ReportRow totals) {
  }

  private final ReportBuckets buckets;
  private final ReportRecorder recorder;
  private final ReportRebuild rebuild;

  private Reports(ReportBuckets buckets, ReportRecorder recorder, ReportRebuild rebuild) {
    this.buckets = buckets;
    this.recorder = recorder;
    this.rebuild = rebuild;
  }

  public static Reports create(MongoStore store, ConversationStore conversations) {
    ReportBuckets buckets = new ReportBuckets(store);
    ContactState contacts = new ContactState(store);
    return new Reports(buckets, new ReportRecorder(contacts, buckets, conversations), new ReportRebuild(store, contacts));
  }

  public ReportRecorder recorder() {
    return recorder;
  }

  /**
   * Computes the buckets from the store when they were never computed (a store from before the reports,
   * or buckets lost); the events up to {@code upTo} are then in them and the recorder skips them. Run
   * before the hub serves and its reactions start.
   *
   * @return how many conversations were read, or -1 when the buckets were there
   */
  public long rebuildIfMissing(long upTo, Instant at) {
    java.util.Optional<Long> rebuiltUpTo = rebuild.rebuiltUpTo();
    if (rebuiltUpTo.isPresent()) {
      recorder.skipUpTo(rebuiltUpTo.get());
      return -1;
    }
    return rebuild(upTo, at);
  }

  /** Computes the buckets again from the store, as of the log's cursor {@code upTo}. */
  public long rebuild(long upTo, Instant at) {
    long read = rebuild.rebuild(upTo, at);
    recorder.skipUpTo(upTo);
    return read;
  }

  /** Everything in the range, grouped as asked ({@code day} in {@code zone}). */
  public Report overview(Instant from, Instant to, String groupBy, ZoneId zone) {
    boolean daysInZone = "day".equals(groupBy) && !isUtc(zone);
    List<ReportBuckets.Bucket> all = buckets.read(ReportBuckets.ALL, null, from, to, daysInZone);
    if ("day".equals(groupBy)) {
      return new Report(byDay(all, zone), total(all));
    }
    return new Report(byKey(buckets.read(groupBy, null, from, to, false)), total(all));
  }

  /** One agent's figures in the range, by day in {@code zone}. */
  public Report agent(String agentId, Instant from, Instant to, ZoneId zone) {
    List<ReportBuckets.Bucket> own = buckets.read(ReportBuckets.AGENT, agentId, from, to, !isUtc(zone));
    return new Report(byDay(own, zone), total(own));
  }

  private static List<ReportRow> byDay(List<ReportBuckets.Bucket> read, ZoneId zone) {
    Map<String, ReportRow> rows = new TreeMap<>();
    read.forEach(bucket -> {
      String day = bucket.start().atZone(zone).toLocalDate().toString();
      rows.computeIfAbsent(day, ReportRow::new).add(bucket);
    });
    return new ArrayList<>(rows.values());
  }

  /** Whether days in the zone are UTC days, so day buckets serve them. */
  private static boolean isUtc(ZoneId zone) {
    return zone.getRules().isFixedOffset() && zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds() == 0;
  }

  private static List<ReportRow> byKey(List<ReportBuckets.Bucket> read) {
    Map<String, ReportRow> rows = new TreeMap<>();
    read.forEach(bucket -> rows.computeIfAbsent(bucket.key(), ReportRow::new).add(bucket));
    return new ArrayList<>(rows.values());
  }

  private static ReportRow total(List<ReportBuckets.Bucket> read) {
    ReportRow total = new ReportRow("total");
    read.forEach(total::add);
    return total;
  }
}
