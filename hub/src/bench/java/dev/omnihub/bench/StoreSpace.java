package dev.omnihub.bench;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The embedded store's size at one moment: the file and live bytes the hub reports on {@code /metrics}
 * (live = what the file holds that is still referenced), and the file's size as the file system sees it.
 */
record StoreSpace(String when, double fileBytes, double liveBytes, long diskBytes) {

  static final String STORE_FILE = "omnihub.mv.db";
  private static final String FILE_METRIC = "omnihub_store_file_bytes";
  private static final String LIVE_METRIC = "omnihub_store_live_bytes";

  static StoreSpace read(String when, HubClient client, Path dataDir) throws IOException {
    return read(when, client, dataDir, true);
  }

  /** @param print whether to print the figures as they are read */
  static StoreSpace read(String when, HubClient client, Path dataDir, boolean print) throws IOException {
    HttpResult metrics = client.get("/metrics", null);
    if (metrics.status() != 200) {
      throw new IllegalStateException("GET /metrics answered " + metrics.status());
    }
    Path file = dataDir.resolve(STORE_FILE);
    StoreSpace space = new StoreSpace(when, gauge(metrics.body(), FILE_METRIC), gauge(metrics.body(), LIVE_METRIC),
        Files.exists(file) ? Files.size(file) : 0);
    if (print) {
      System.out.println("space:   " + space);
    }
    return space;
  }

  /** A gauge's value from the Prometheus text, or NaN when the hub does not report it (MongoDB). */
  private static double gauge(String prometheusText, String name) {
    return prometheusText.lines()
        .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst().orElse(Double.NaN);
  }

  StoreSpace as(String otherWhen) {
    return new StoreSpace(otherWhen, fileBytes, liveBytes, diskBytes);
  }

  double fileToLive() {
    return fileBytes / liveBytes;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%-12s file %s, live %s, file/live %.2f, %s on disk %s", when, megabytes(fileBytes),
        megabytes(liveBytes), fileToLive(), STORE_FILE, megabytes(diskBytes));
  }

  /** The machine's 1-minute load average, as {@code uptime} shows it. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  static String megabytes(double bytes) {
    return String.format(Locale.ROOT, "%,.1f MB", bytes / (1 << 20));
  }
}
