package dev.omnihub.bench;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubProcess;
import dev.omnihub.hub.testing.ProviderSignatures;
import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./omnihub bench --event-loop}: does heavy inbound work stay off the event loops? A hub in its
 * own process takes large signed call transcripts from several clients at once, with a supervisor's
 * socket open (it is shown every message), while a probe in a process of its own ({@link HealthProbe})
 * asks {@code /health} every 20 ms; the probe's latency is what any light request waits behind the
 * heavy ones. Printed for an idle
 * stretch first, then under the transcripts.
 */
final class EventLoopBench {

  private static final String USAGE = """
      usage: ./omnihub bench --event-loop [--transcripts 3] [--megabytes 15] [--duration 60] [--warmup 20] [--heap 4] [--gc launcher]
        --transcripts  clients posting transcripts at once, each one after another (default 3)
        --megabytes    size of each transcript, JSON with segments (default 15; the voice channel takes up to 20 MiB)
        --duration     measured seconds under load (default 60)
        --warmup       unmeasured seconds of load before them (default 20)
        --heap         the hub's heap in GiB (default 4)
        --gc           the hub's collector: launcher (what ./omnihub run starts it with, default) or g1
      Prints /health latency (p50, p99, max) idle and under load, and the transcripts stored.
      """;
  private static final long PROBE_MILLIS = 20;

  record Settings(int transcripts, int megabytes, Duration duration, Duration warmup, int heapGiB, String gc) {

    /** The hub's JVM options: its heap, and the collector ./omnihub passes as {@code -Domnihub.gc} (or G1). */
    String[] hubOptions() {
      String collector = "g1".equals(gc) ? "-XX:+UseG1GC" : System.getProperty("omnihub.gc", "");
      List<String> options = new java.util.ArrayList<>(List.of("-Xmx" + heapGiB + "g"));
      options.addAll(java.util.Arrays.stream(collector.split(" ")).filter(option -> !option.isBlank()).toList());
      return options.toArray(String[]::new);
    }


    static Settings parse(String[] args) {
      int transcripts = 3;
      int megabytes = 15;
      int duration = 60;
      int warmup = 20;
      int heap = 4;
      String gc = "launcher";
      for (Map.Entry<String, String> option : BenchArgs.pairs(args).entrySet()) {
        switch (option.getKey()) {
          case "--transcripts" -> transcripts = BenchArgs.number("--transcripts", option.getValue(), 1);
          case "--megabytes" -> megabytes = BenchArgs.number("--megabytes", option.getValue(), 1);
          case "--duration" -> duration = BenchArgs.number("--duration", option.getValue(), 1);
          case "--warmup" -> warmup = BenchArgs.number("--warmup", option.getValue(), 0);
          case "--heap" -> heap = BenchArgs.number("--heap", option.getValue(), 1);
          case "--gc" -> {
            gc = option.getValue();
            if (!List.of("launcher", "g1").contains(gc)) {
              throw new IllegalArgumentException("--gc is launcher or g1, not " + gc);
            }
          }
          default -> throw new IllegalArgumentException("unknown option " + option.getKey());
        }
      }
      if (megabytes > 19) {
        throw new IllegalArgumentException("--megabytes must stay under the voice channel's 20 MiB");
      }
      return new Settings(transcripts, megabytes, Duration.ofSeconds(duration), Duration.ofSeconds(warmup), heap, gc);
    }
  }

  private EventLoopBench() {
  }

  static void main(String[] args) throws Exception {
    java.util.Optional<Settings> parsed = BenchArgs.settings(args, "bench --event-loop", USAGE, Settings::parse);
    if (parsed.isEmpty()) {
      return;
    }
    Settings settings = parsed.get();
    Path dataDir = Files.createTempDirectory("omnihub-event-loop-bench-");
    System.out.println(IngestLoadDriver.machineLine());
    System.out.printf(Locale.ROOT, "settings: %d clients posting %d MiB transcripts, warm-up %d s + measured %d s; /health every %d ms; "
        + "hub: a separate process with %s, embedded store, a supervisor's socket open%n", settings.transcripts(),
        settings.megabytes(), settings.warmup().toSeconds(), settings.duration().toSeconds(), PROBE_MILLIS,
        String.join(" ", settings.hubOptions()));
    try (HubProcess hub = HubProcess.fromClasspath(dataDir, Map.of(), settings.hubOptions())) {
      int port = hub.awaitListening(Duration.ofSeconds(90));
      HubClient client = hub.client();
      String admin = client.login(TestHub.ADMIN_EMAIL, TestHub.ADMIN_PASSWORD);
      HttpResult created = client.post("/api/v1/channels", new JsonObject().put("type", "voice").put("name", "Calls"), admin);
      String channel = created.json().getString("id");
      String secret = created.json().getString("secret");
      byte[] transcript = transcript(settings.megabytes()).getBytes(StandardCharsets.UTF_8);
      int callIdAt = indexOf(transcript, CALL_ID_SLOT.getBytes(StandardCharsets.UTF_8));
      try (SocketClient supervisor = SocketClient.connect(port, "/ws/agent?token=" + admin)) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Long> idle = HealthProbe.inOwnProcess(port, PROBE_MILLIS, Duration.ofSeconds(10));
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger stored = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long measureFrom = System.nanoTime() + settings.warmup().toNanos();
        try (ExecutorService posters = Executors.newVirtualThreadPerTaskExecutor()) {
          for (int c = 0; c < settings.transcripts(); c++) {
            int clientIndex = c;
            posters.submit(() -> {
              // Each poster's own copy of the body, its call id written in place: posting allocates next to
              // nothing, so the driver's collector stays out of the way of the hub's.
              byte[] body = transcript.clone();
              for (int n = 0; loading.get(); n++) {
                writeCallId(body, callIdAt, "bench-" + clientIndex + "-" + n);
                long at = Instant.now().getEpochSecond();
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/voice/" + channel))
                    .header("Content-Type", "application/json").header("X-OmniHub-Timestamp", Long.toString(at))
                    .header("X-OmniHub-Signature", ProviderSignatures.omnihub(secret, at, body))
                    .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                HttpResponse<Void> answer = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (System.nanoTime() >= measureFrom) {
                  (answer.statusCode() == 200 ? stored : failed).incrementAndGet();
                }
              }
              return null;
            });
          }
          Thread.sleep(settings.warmup());
          List<Long> loaded = HealthProbe.inOwnProcess(port, PROBE_MILLIS, settings.duration());
          loading.set(false);
          report("idle", idle);
          report("under load", loaded);
          System.out.printf(Locale.ROOT, "transcripts stored while measured: %d (%.2f/s, %d MiB each), failed %d; supervisor frames %d%n",
              stored.get(), stored.get() / (double) settings.duration().toSeconds(), settings.megabytes(), failed.get(),
              supervisor.frames().size());
        }
      }
      // Vert.x warns when a thread holds an event loop for over two seconds: how often, and the worst.
      List<String> blocked = hub.output().stream().filter(line -> line.contains("has been blocked for")).toList();
      System.out.printf(Locale.ROOT, "event loops reported blocked (over 2 s): %d times%s%n", blocked.size(),
          blocked.isEmpty() ? "" : "; e.g. " + blocked.getLast().replaceAll(".*(Thread\\[.*)", "$1"));
      hub.terminate(Duration.ofSeconds(60));
    } finally {
      IngestLoadDriver.deleteRecursively(dataDir);
    }
  }

  /** A transcript of about {@code megabytes} MiB: a call of alternating speakers, its id to be filled in. */
  private static String transcript(int megabytes) {
    JsonArray segments = new JsonArray();
    long bytes = 0;
    String line = "I am calling about the order I placed last week: the tracking page has said 'in transit' for six days, "
        + "and the shop's app now shows a different delivery address than the one I entered. ";
    for (int i = 0; bytes < megabytes * 1024L * 1024; i++) {
      JsonObject segment = new JsonObject().put("speaker", i % 2 == 0 ? "customer" : "agent").put("startMs", i * 4_000L)
          .put("endMs", i * 4_000L + 3_800).put("text", line + i);
      segments.add(segment);
      bytes += segment.encode().length() + 1;
    }
    return new JsonObject().put("callId", CALL_ID_SLOT).put("from", "+4930123456").put("to", "+4930999999")
        .put("startedAt", "2026-12-06T10:00:00Z").put("durationSec", segments.size() * 4).put("segments", segments).encode();
  }

  private static void report(String stretch, List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    long[] array = sorted.stream().mapToLong(Long::longValue).toArray();
    System.out.printf(Locale.ROOT, "/health %-10s %5d probes  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms%n", stretch, array.length,
        IngestLoadDriver.millis(array, 50), IngestLoadDriver.millis(array, 99), IngestLoadDriver.millis(array, 100));
  }

  /** Where a poster writes each transcript's call id: a JSON string of fixed width. */
  private static final String CALL_ID_SLOT = "x".repeat(32);

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("the transcript has no call id slot");
  }

  /** Writes the id into the slot, padded with dashes to its width. */
  private static void writeCallId(byte[] body, int at, String id) {
    byte[] padded = (id + "-".repeat(CALL_ID_SLOT.length() - id.length())).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(padded, 0, body, at, padded.length);
  }
}
