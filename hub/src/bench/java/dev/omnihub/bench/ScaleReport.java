package dev.omnihub.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Collects the scale run's figures as they come and prints them as one markdown table at the end. */
final class ScaleReport {

  private record Row(String figure, String value, double p50, double p99, double max) {
  }

  private final List<Row> rows = new ArrayList<>();

  void dataSet(LoadedDataset data, String how) {
    add(String.format(Locale.ROOT, "data set (%s)", how), String.format(Locale.ROOT, "%,d messages, %,d conversations, %,d customers, about %s of BSON",
        data.messageCount(), data.conversationCount(), data.customerCount(), StoreSpace.megabytes(data.bsonBytes())));
  }

  void load(List<DatasetLoader.Stage> stages, int threads, double planSeconds, double totalSeconds) {
    long documents = stages.stream().mapToLong(DatasetLoader.Stage::documents).sum();
    add(String.format(Locale.ROOT, "load, direct to the store (%d threads, batches of 1,000)", threads),
        String.format(Locale.ROOT, "%,d documents in %.1f s (%.1f s planning), %,.0f docs/s", documents, totalSeconds, planSeconds,
            documents / (totalSeconds - planSeconds)));
    for (DatasetLoader.Stage stage : stages) {
      add("load: " + stage.collection(), String.format(Locale.ROOT, "%,d documents in %.1f s, %,.0f docs/s", stage.documents(),
          stage.seconds(), stage.perSecond()));
    }
  }

  void read(ReadProbe.Result result) {
    rows.add(new Row("read: " + result.name(), String.format(Locale.ROOT, "%d requests, %d errors%s", result.sortedNanos().length
        + result.errors(), result.errors(), result.scanned() ? ", store scanned" : ""), result.millis(50), result.millis(99),
        result.millis(100)));
  }

  /** @param messages the messages in the store at that moment, for the kB (1,000 bytes) per message */
  void space(StoreSpace space, long messages) {
    add("space " + space.when(), String.format(Locale.ROOT, "file %s, live %s, file/live %.2f; %,d messages: %.2f kB per message "
            + "(live %.2f); load average %s", StoreSpace.megabytes(space.fileBytes()), StoreSpace.megabytes(space.liveBytes()),
        space.fileToLive(), messages, space.fileBytes() / 1000 / messages, space.liveBytes() / 1000 / messages, StoreSpace.loadAverage()));
  }

  void ingest(int clients, IngestLoadDriver.Phase phase) {
    rows.add(new Row(String.format(Locale.ROOT, "ingest: %d clients, signed webhooks, %.0f s", clients, phase.seconds()),
        String.format(Locale.ROOT, "%,.1f msg/s, %d errors", phase.perSecond(), phase.errors()), phase.millis(50), phase.millis(99),
        phase.millis(100)));
  }

  private void add(String figure, String value) {
    rows.add(new Row(figure, value, Double.NaN, Double.NaN, Double.NaN));
  }

  void print() {
    System.out.println();
    System.out.println("| figure | value | p50 ms | p99 ms | max ms |");
    System.out.println("|---|---|---:|---:|---:|");
    for (Row row : rows) {
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", row.figure(), row.value(), millis(row.p50()), millis(row.p99()),
          millis(row.max()));
    }
    System.out.println();
  }

  private static String millis(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.2f", value);
  }
}
