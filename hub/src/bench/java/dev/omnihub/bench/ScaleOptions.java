package dev.omnihub.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code ./omnihub bench --scale} loads and measures.
 *
 * @param dataDir        a data directory to load once and reuse, or {@code null} for a temporary one
 * @param requests       measured requests per kind of read
 * @param readWarmup     unmeasured reads of every kind, mixed, before the first measured kind (the JIT
 *                       compiles the read path meanwhile; a running hub has long done so)
 * @param warmupRequests unmeasured requests of the same kind before them
 */
record ScaleOptions(Path dataDir, int messages, int conversations, int customers, int loadThreads, int requests, Duration readWarmup,
    int warmupRequests, int ingestClients, Duration ingestDuration, Duration ingestWarmup, Duration idle, long seed) {

  static final String USAGE = """
      usage: ./omnihub bench --scale [options]
        --data-dir DIR           load DIR once and keep it; a later run on DIR skips loading (default: a temp dir, deleted)
        --messages N             messages to load (default 1000000)
        --conversations N        conversations they belong to (default 100000)
        --customers N            customers who wrote them (default 50000)
        --load-threads N         threads inserting batches of 1000 documents (default 3)
        --requests N             measured requests per kind of read (default 300)
        --read-warmup N          unmeasured seconds of mixed reads before the first measured kind (default 60)
        --warmup-requests N      unmeasured requests of each kind before them (default 100)
        --ingest-clients N       closed-loop webhook clients after the reads (default 8)
        --ingest-seconds N       measured seconds of ingest (default 30)
        --ingest-warmup N        unmeasured seconds of ingest before them (default 30)
        --idle-seconds N         idle seconds before the last look at the store's size (default 60)
        --seed N                 seed of the data set's shape and of the read targets (default 1)
      Loads the store directly (not over HTTP), then measures reads through the REST API, the store's
      size, webhook ingest on the loaded store, and the size again after ingest and after idling.
      """;

  static ScaleOptions parse(String[] args) {
    Path dataDir = null;
    int messages = 1_000_000;
    int conversations = 100_000;
    int customers = 50_000;
    int loadThreads = 3;
    int requests = 300;
    int readWarmup = 60;
    int warmupRequests = 100;
    int ingestClients = 8;
    int ingestSeconds = 30;
    int ingestWarmup = 30;
    int idleSeconds = 60;
    long seed = 1;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 == args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--data-dir" -> dataDir = Path.of(value).toAbsolutePath();
        case "--messages" -> messages = number(args[i], value, 1);
        case "--conversations" -> conversations = number(args[i], value, 1);
        case "--customers" -> customers = number(args[i], value, 1);
        case "--load-threads" -> loadThreads = number(args[i], value, 1);
        case "--requests" -> requests = number(args[i], value, 1);
        case "--read-warmup" -> readWarmup = number(args[i], value, 0);
        case "--warmup-requests" -> warmupRequests = number(args[i], value, 0);
        case "--ingest-clients" -> ingestClients = number(args[i], value, 1);
        case "--ingest-seconds" -> ingestSeconds = number(args[i], value, 1);
        case "--ingest-warmup" -> ingestWarmup = number(args[i], value, 0);
        case "--idle-seconds" -> idleSeconds = number(args[i], value, 0);
        case "--seed" -> seed = number(args[i], value, 0);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (messages < conversations) {
      throw new IllegalArgumentException("--messages must be at least --conversations: every conversation has a message");
    }
    return new ScaleOptions(dataDir, messages, conversations, customers, loadThreads, requests, Duration.ofSeconds(readWarmup), warmupRequests,
        ingestClients,
        Duration.ofSeconds(ingestSeconds), Duration.ofSeconds(ingestWarmup), Duration.ofSeconds(idleSeconds), seed);
  }

  private static int number(String option, String value, int min) {
    try {
      int n = Integer.parseInt(value.strip().replace("_", ""));
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " needs a whole number of at least " + min + ", not '" + value + "'");
  }
}
