package dev.omnihub.hub.testing;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that post customer messages to an api channel's webhook on several nodes, as a provider
 * behind a load balancer does: writer {@code w} starts on node {@code w % nodes}, and a message that is
 * not acknowledged (an error status, a refused connection, no answer within the timeout) is sent again
 * to the next node until one acknowledges it. Each writer sends its next message only then, so every
 * message it started ends acknowledged.
 */
public final class RetryingWriters {

  private final List<HubClient> nodes;
  private final JsonObject channel;
  private final String prefix;
  private final AtomicBoolean writing = new AtomicBoolean(true);
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final Map<Integer, AtomicInteger> failuresByNode = new ConcurrentHashMap<>();
  private final ExecutorService threads;

  private RetryingWriters(List<String> baseUrls, JsonObject channel, String prefix, int writers, Duration requestTimeout) {
    this.nodes = baseUrls.stream().map(url -> new HubClient(url, requestTimeout)).toList();
    this.channel = channel;
    this.prefix = prefix;
    this.threads = Executors.newFixedThreadPool(writers);
    for (int w = 0; w < writers; w++) {
      int writer = w;
      threads.submit(() -> write(writer));
    }
  }

  /** Starts {@code writers} threads over the nodes at these base URLs. */
  public static RetryingWriters start(List<String> baseUrls, JsonObject channel, String prefix, int writers, Duration requestTimeout) {
    return new RetryingWriters(baseUrls, channel, prefix, writers, requestTimeout);
  }

  private Void write(int writer) throws InterruptedException {
    int node = writer % nodes.size();
    for (int seq = 0; writing.get(); seq++) {
      String id = prefix + "-w" + writer + "-" + seq;
      JsonObject body = HubClient.message(id, new JsonObject().put("email", "agent-feed@example.com"), "text " + id);
      while (!acknowledged.contains(id)) {
        try {
          if (nodes.get(node).webhook(channel, body).status() == 200) {
            acknowledged.add(id);
            continue;
          }
        } catch (RuntimeException e) {
          // Refused, reset or timed out: not acknowledged, so maybe stored, maybe not. Try elsewhere.
        }
        failuresByNode.computeIfAbsent(node, ignored -> new AtomicInteger()).incrementAndGet();
        node = (node + 1) % nodes.size();
        Thread.sleep(50);
      }
    }
    return null;
  }

  /** Starts no new message; waits until every message started is acknowledged. */
  public void stop(Duration timeout) throws InterruptedException {
    writing.set(false);
    threads.shutdown();
    if (!threads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      threads.shutdownNow();
      throw new AssertionError("messages still not acknowledged by any node after " + timeout);
    }
  }

  /** The external ids some node acknowledged. */
  public Set<String> acknowledged() {
    return Set.copyOf(acknowledged);
  }

  /** How many sends to node {@code i} were not acknowledged. */
  public int failuresOn(int i) {
    AtomicInteger failures = failuresByNode.get(i);
    return failures == null ? 0 : failures.get();
  }
}
