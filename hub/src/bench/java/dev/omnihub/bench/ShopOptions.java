package dev.omnihub.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What {@code ./omnihub bench --shop} ingests and measures.
 *
 * @param dataDir a data directory to keep after the run (it must be new or empty), or {@code null} for a
 *                temporary one
 * @param cpuHogs busy-loop processes run beside the hub for the whole run ("under load")
 */
record ShopOptions(Path dataDir, int customers, int messages, int clients, int cpuHogs, Duration idle, long seed) {

  static final String USAGE = """
      usage: ./omnihub bench --shop [options]
        --customers N      customers who write (default 16000)
        --messages N       messages they write in all, at least 1.75 x --customers (default 50000)
        --clients N        closed-loop webhook clients (default 8)
        --cpu-hogs N       busy-loop processes beside the hub for the whole run, "under load" (default 0)
        --idle-seconds N   idle seconds before the last look at the store's size (default 60)
        --data-dir DIR     keep the store in DIR, which must be new or empty (default: a temp dir, deleted)
        --seed N           seed of the mix and the texts (default 1)
      A small shop's mix through real ingest: signed api-channel webhooks to an in-process hub with a
      fresh embedded store. Half of the customers write one message, a quarter two, the rest share what
      is left; the messages arrive shuffled. Prints the store's file and live size, file/live and
      kB per message during ingest, after it, and after idling.
      """;

  static ShopOptions parse(String[] args) {
    Path dataDir = null;
    int customers = 16_000;
    int messages = 50_000;
    int clients = 8;
    int cpuHogs = 0;
    int idleSeconds = 60;
    long seed = 1;
    for (Map.Entry<String, String> option : BenchArgs.pairs(args).entrySet()) {
      String key = option.getKey();
      String value = option.getValue().replace("_", "");
      switch (key) {
        case "--customers" -> customers = BenchArgs.number(key, value, 4);
        case "--messages" -> messages = BenchArgs.number(key, value, 1);
        case "--clients" -> clients = BenchArgs.number(key, value, 1);
        case "--cpu-hogs" -> cpuHogs = BenchArgs.number(key, value, 0);
        case "--idle-seconds" -> idleSeconds = BenchArgs.number(key, value, 0);
        case "--data-dir" -> dataDir = Path.of(option.getValue()).toAbsolutePath();
        case "--seed" -> seed = BenchArgs.number(key, value, 0);
        default -> throw new IllegalArgumentException("unknown option " + key);
      }
    }
    if (messages < ShopMix.minimumMessages(customers)) {
      throw new IllegalArgumentException("--messages must be at least " + ShopMix.minimumMessages(customers) + " for " + customers
          + " customers (half write one, a quarter two, the rest three or more)");
    }
    return new ShopOptions(dataDir, customers, messages, clients, cpuHogs, Duration.ofSeconds(idleSeconds), seed);
  }
}
