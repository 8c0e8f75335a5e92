package dev.omnihub.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks {@code /health} every {@code intervalMillis} on one connection and prints how long each answer
 * took (nanoseconds, a line each). It runs in a process of its own with a small heap and the serial
 * collector, so that what it measures is the hub: run inside the load driver, it measured the
 * driver's own collector (G1 pauses of 100–550 ms while it built and signed 15 MiB bodies).
 */
public final class HealthProbe {

  private static final int WARM_UP_REQUESTS = 200;

  private HealthProbe() {
  }

  /** {@code <port> <intervalMillis> <seconds>}. */
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long interval = Long.parseLong(args[1]);
    long end = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[2])).toNanos();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).GET().build();
    // Unrecorded: the first requests of a fresh JVM are slow for its own reasons (loading, compiling).
    for (int i = 0; i < WARM_UP_REQUESTS; i++) {
      http.send(request, HttpResponse.BodyHandlers.discarding());
    }
    StringBuilder out = new StringBuilder();
    while (System.nanoTime() < end) {
      long start = System.nanoTime();
      HttpResponse<Void> answer = http.send(request, HttpResponse.BodyHandlers.discarding());
      long took = System.nanoTime() - start;
      if (answer.statusCode() == 200) {
        out.append(took).append('\n');
      }
      Thread.sleep(Math.max(1, interval - took / 1_000_000));
    }
    System.out.print(out);
  }

  /** Runs the probe in its own JVM (this one's, on this class path) and returns its latencies in nanoseconds. */
  static List<Long> inOwnProcess(int port, long intervalMillis, Duration duration) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-XX:+UseSerialGC", "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        HealthProbe.class.getName(), Integer.toString(port), Long.toString(intervalMillis), Long.toString(duration.toSeconds()))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<Long> latencies = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        latencies.add(Long.parseLong(line.strip()));
      }
    }
    if (process.waitFor() != 0) {
      throw new IllegalStateException("the /health probe exited with " + process.exitValue());
    }
    return latencies;
  }
}
