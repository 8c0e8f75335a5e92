package dev.omnihub.bench;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./omnihub bench --shop}: how big the embedded store's file gets for a small shop's mix (many
 * customers with one or two messages each, see {@link ShopMix}), posted as signed webhooks to a hub
 * with a fresh store, optionally with busy-loop processes beside it ({@link CpuHogs}). Prints the space
 * every {@value #SAMPLE_SECONDS} s during ingest, after it and after idling, as file, live, file/live and
 * kB (1,000 bytes) per message, with the machine's load average beside each.
 */
final class ShopBench {

  private static final int SAMPLE_SECONDS = 15;
  private static final int MAX_ERRORS_SHOWN = 5;

  private record Sample(String when, StoreSpace space, int messages, String load) {

    String line() {
      return String.format(Locale.ROOT, "%-14s %,7d msgs  file %s  live %s  file/live %.2f  %.2f kB/msg (live %.2f)  load %s", when,
          messages, StoreSpace.megabytes(space.fileBytes()), StoreSpace.megabytes(space.liveBytes()), space.fileToLive(),
          kilobytesPerMessage(space.fileBytes()), kilobytesPerMessage(space.liveBytes()), load);
    }

    double kilobytesPerMessage(double bytes) {
      return messages == 0 ? Double.NaN : bytes / 1000 / messages;
    }
  }

  private ShopBench() {
  }

  static void main(String[] args) throws Exception {
    java.util.Optional<ShopOptions> parsed = BenchArgs.settings(args, "bench --shop", ShopOptions.USAGE, ShopOptions::parse);
    if (parsed.isEmpty()) {
      return;
    }
    ShopOptions options = parsed.get();
    boolean temporary = options.dataDir() == null;
    Path dataDir = temporary ? Files.createTempDirectory("omnihub-shop-") : Files.createDirectories(options.dataDir());
    if (!temporary && Files.exists(dataDir.resolve(StoreSpace.STORE_FILE))) {
      System.err.println("bench --shop: " + dataDir + " already holds a store; give a new or empty directory");
      System.exit(2);
    }
    ShopMix mix = new ShopMix(options.customers(), options.messages(), options.seed());
    System.out.println(IngestLoadDriver.machineLine());
    System.out.printf(Locale.ROOT, "store:   embedded, DATA_DIR %s (%s)%s%n", dataDir, Files.getFileStore(dataDir).type(),
        temporary ? ", deleted at the end" : ", kept");
    System.out.printf(Locale.ROOT, "mix:     %,d messages from %,d customers, %d clients, %d cpu hogs beside the hub, seed %d%n",
        mix.messages(), options.customers(), options.clients(), options.cpuHogs(), options.seed());
    List<Sample> samples = new ArrayList<>();
    try (CpuHogs hogs = new CpuHogs(options.cpuHogs()); TestHub hub = TestHub.start(dataDir, Map.of())) {
      HubClient client = hub.client();
      JsonObject channel = client.createApiChannel(hub.adminToken(), "Shop bench", null);
      AtomicInteger done = new AtomicInteger();
      Sample worst = null;
      CpuWindow cpu = new CpuWindow();
      long start = System.nanoTime();
      Future<Long> ingest;
      try (ExecutorService driver = Executors.newSingleThreadExecutor()) {
        ingest = driver.submit(() -> ingest(client, channel, mix, options, done));
        while (!awaitQuietly(ingest, SAMPLE_SECONDS)) {
          long seconds = Math.round((System.nanoTime() - start) / 1e9);
          Sample sample = sample("ingest " + seconds + " s", client, dataDir, done.get());
          System.out.println("during:  " + sample.line());
          worst = worst == null || sample.space().fileToLive() > worst.space().fileToLive() ? sample : worst;
        }
      }
      long errors = ingest.get();
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "ingest:  %,d messages in %.1f s, %,.1f msg/s, %d errors, %s%n", done.get(), seconds,
          done.get() / seconds, errors, cpu);
      if (worst != null) {
        samples.add(new Sample("worst during", worst.space(), worst.messages(), worst.load()));
      }
      samples.add(sample("after ingest", client, dataDir, done.get()));
      System.out.println("after:   " + samples.getLast().line());
      System.out.printf(Locale.ROOT, "idle:    %d s%n", options.idle().toSeconds());
      Thread.sleep(options.idle());
      samples.add(sample("after idle", client, dataDir, done.get()));
    } finally {
      if (temporary) {
        IngestLoadDriver.deleteRecursively(dataDir);
      }
    }
    System.out.println();
    samples.forEach(sample -> System.out.println(sample.line()));
    System.out.println(IngestLoadDriver.machineLine());
  }

  /** Posts every message of the mix from {@code options.clients()} closed loops; returns the errors. */
  private static long ingest(HubClient client, JsonObject channel, ShopMix mix, ShopOptions options, AtomicInteger done)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicLong errors = new AtomicLong();
    String runId = Long.toString(System.currentTimeMillis(), 36);
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < options.clients(); c++) {
        clients.submit(() -> {
          for (int m = next.getAndIncrement(); m < mix.messages(); m = next.getAndIncrement()) {
            if (post(client, channel, mix, options.seed(), runId, m)) {
              done.incrementAndGet();
            } else if (errors.incrementAndGet() <= MAX_ERRORS_SHOWN) {
              System.out.println("error:   message " + m + " was not stored");
            }
          }
        });
      }
    }
    return errors.get();
  }

  private static boolean post(HubClient client, JsonObject channel, ShopMix mix, long seed, String runId, int message) {
    int customer = mix.sender(message);
    JsonObject from = new JsonObject().put("email", "shopper" + customer + "@shop.example").put("name", MessageTexts.customerName(customer));
    String body = HubClient.message("shop-" + runId + "-" + message, from, MessageTexts.message(seed, message, false)).encode();
    try {
      HttpResult result = client.signedWebhook(channel.getString("id"), channel.getString("secret"), body, Instant.now());
      if (result.status() != 200) {
        System.out.println("error:   HTTP " + result.status() + " " + result.body());
      }
      return result.status() == 200;
    } catch (RuntimeException e) {
      System.out.println("error:   " + e);
      return false;
    }
  }

  private static boolean awaitQuietly(Future<?> future, int seconds) throws InterruptedException {
    try {
      future.get(seconds, java.util.concurrent.TimeUnit.SECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return true;
    }
  }

  private static Sample sample(String when, HubClient client, Path dataDir, int messages) throws IOException {
    return new Sample(when, StoreSpace.read(when, client, dataDir, false), messages, StoreSpace.loadAverage());
  }
}
