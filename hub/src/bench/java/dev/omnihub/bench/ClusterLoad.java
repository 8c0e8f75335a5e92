package dev.omnihub.bench;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cluster bench's writers: closed-loop clients posting signed api webhooks as fast as the hub
 * answers, client i to node i % nodes, until the window's end. Every acknowledged message is kept by
 * external id with the node it went to and when its send started, so that its arrival on each socket
 * can be checked and timed; the external id also names the node, for reading a missing one by eye.
 */
final class ClusterLoad {

  /**
   * Each client writes for a few customers, so that after the first seconds nearly every message joins an
   * open conversation: with 50 a client, at tens of messages a second, first contacts (a new customer and
   * conversation, more frames) were half the window's messages and ran apart between the two runs.
   */
  private static final int SENDERS_PER_CLIENT = 5;
  private static final int FAILURE_TEXT_CHARS = 200;

  /** An acknowledged message: the node it was posted to, and its send's start and end ({@link System#nanoTime}). */
  record Sent(int node, long sentNanos, long ackedNanos) {
  }

  private final List<HubClient> nodes;
  private final JsonObject channel;
  private final String idPrefix;
  private final Map<String, Sent> acknowledged = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
  private final LongAdder errors = new LongAdder();

  ClusterLoad(List<HubClient> nodes, JsonObject channel, String idPrefix) {
    this.nodes = nodes;
    this.channel = channel;
    this.idPrefix = idPrefix;
  }

  /**
   * Starts {@code clients} virtual threads that write until {@code endNanos} (read before each send: the
   * end is set once the warm-up is over); closing the executor waits for them.
   */
  ExecutorService start(int clients, java.util.function.LongSupplier endNanos) {
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    for (int c = 0; c < clients; c++) {
      int client = c;
      threads.submit(() -> write(client, endNanos));
    }
    return threads;
  }

  private void write(int client, java.util.function.LongSupplier endNanos) {
    int node = client % nodes.size();
    HubClient hub = nodes.get(node);
    for (long seq = 0; ; seq++) {
      long start = System.nanoTime();
      if (start >= endNanos.getAsLong()) {
        return;
      }
      String id = idPrefix + "n" + node + "-c" + client + "-" + seq;
      String sender = "c" + client + "-s" + ThreadLocalRandom.current().nextInt(SENDERS_PER_CLIENT) + "@cluster.bench";
      try {
        HttpResult result = hub.webhook(channel, HubClient.message(id, new JsonObject().put("email", sender), "text " + id));
        if (result.status() == 200) {
          acknowledged.put(id, new Sent(node, start, System.nanoTime()));
        } else {
          fail("HTTP " + result.status() + " " + result.body());
        }
      } catch (RuntimeException e) {
        fail(e.toString());
      }
    }
  }

  private void fail(String message) {
    errors.increment();
    String text = message.length() > FAILURE_TEXT_CHARS ? message.substring(0, FAILURE_TEXT_CHARS) + "..." : message;
    failures.computeIfAbsent(text, ignored -> new LongAdder()).increment();
  }

  /** Every acknowledged message so far, by external id. */
  Map<String, Sent> acknowledged() {
    return acknowledged;
  }

  /** Failed sends of the whole run (warm-up included): a non-200 answer or no answer. */
  long errors() {
    return errors.sum();
  }

  /** Each distinct failure with its count. */
  Map<String, Long> failures() {
    Map<String, Long> counts = new TreeMap<>();
    failures.forEach((message, count) -> counts.put(message, count.sum()));
    return counts;
  }
}
