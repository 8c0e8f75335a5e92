package dev.omnihub.bench;

import dev.omnihub.hub.store.QueryStats;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import io.vertx.core.json.JsonArray;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Measures the reads an agent's console makes, one request at a time through the REST API on the loaded
 * store: first a warm-up of all kinds mixed, then for each kind a warm-up of that kind and the measured
 * requests, each timed on the client around the HTTP call alone (the next target is drawn before the
 * clock starts). Targets come at random from the data set's samples. Every answer must be a 200 with at
 * least one item.
 */
final class ReadProbe {

  /** One kind of read; {@code failures} counts each distinct error, warm-up included. */
  record Result(String name, long[] sortedNanos, long errors, Map<String, Long> failures, String storeWork, boolean scanned,
      String cpu) {

    double millis(double percentile) {
      return IngestLoadDriver.millis(sortedNanos, percentile);
    }
  }

  private record Kind(String name, Supplier<String> nextPath) {
  }

  /** How long one GET took, and what was wrong with its answer ({@code null}: a 200 that lists something). */
  private record Answer(long nanos, String problem) {
  }

  private static final String CONVERSATIONS = "/api/v1/conversations";
  private static final String OPEN_INBOX = CONVERSATIONS + "?status=open";
  /** Second pages to prepare: enough distinct targets for the requests without reading every long conversation. */
  private static final int MAX_CURSORS = 1000;
  private static final int FAILURES_SHOWN = 5;

  private final HubClient client;
  private final String token;
  private final QueryStats queryStats;
  private final ScaleOptions options;
  private final SplittableRandom random;

  /** @param queryStats the embedded store's query observer, or {@code null} on MongoDB */
  ReadProbe(HubClient client, String token, QueryStats queryStats, ScaleOptions options) {
    this.client = client;
    this.token = token;
    this.queryStats = queryStats;
    this.options = options;
    this.random = new SplittableRandom(options.seed());
  }

  List<Result> run(LoadedDataset data) throws Exception {
    List<Kind> kinds = kinds(data);
    warmUp(kinds);
    List<Result> results = new ArrayList<>();
    for (Kind kind : kinds) {
      Result result = measure(kind);
      print(result);
      results.add(result);
    }
    return results;
  }

  private List<Kind> kinds(LoadedDataset data) {
    List<Kind> kinds = new ArrayList<>();
    kinds.add(new Kind("conversation: first page", () -> CONVERSATIONS + "/" + any(data.conversations()) + "/messages"));
    // The cursors come from first pages read now, unmeasured; the measured request reads other messages.
    List<String> secondPages = new ArrayList<>();
    for (String id : data.longConversations().subList(0, Math.min(MAX_CURSORS, data.longConversations().size()))) {
      String path = CONVERSATIONS + "/" + id + "/messages";
      String next = require(path).json().getString("next");
      if (next != null) {
        secondPages.add(path + "?cursor=" + encode(next));
      }
    }
    if (secondPages.isEmpty()) {
      System.out.println("read:    no conversation has more than one page; skipping the second page");
    } else {
      kinds.add(new Kind("conversation: 2nd page (cursor)", () -> any(secondPages)));
    }
    kinds.add(new Kind("inbox: open, 1st page", () -> OPEN_INBOX));
    String inboxNext = require(OPEN_INBOX).json().getString("next");
    if (inboxNext == null) {
      System.out.println("read:    the open inbox has one page only; skipping its second page");
    } else {
      kinds.add(new Kind("inbox: open, 2nd page", () -> OPEN_INBOX + "&cursor=" + encode(inboxNext)));
    }
    kinds.add(new Kind("inbox: open + assignee", () -> OPEN_INBOX + "&assignee=" + any(data.agents()).id()));
    kinds.add(new Kind("inbox: open + queue", () -> OPEN_INBOX + "&queue=" + any(data.queues())));
    kinds.add(new Kind("inbox: open + channel=api", () -> OPEN_INBOX + "&channel=api"));
    kinds.add(new Kind("customer by identity", () -> {
      LoadedDataset.Customer customer = any(data.customers());
      // encode() turns the phone number's '+' into %2B; a bare '+' would arrive as a space.
      return "/api/v1/customers?identity=" + encode(random.nextBoolean() ? customer.emailKey() : customer.phoneKey());
    }));
    kinds.add(new Kind("customer's conversations", () -> "/api/v1/customers/" + any(data.customers()).id() + "/conversations"));
    return kinds;
  }

  /** Reads of every kind at random for the read warm-up; failures show up again in the measured requests. */
  private void warmUp(List<Kind> kinds) {
    System.out.printf(Locale.ROOT, "read:    %d s of mixed unmeasured reads first%n", options.readWarmup().toSeconds());
    long end = System.nanoTime() + options.readWarmup().toNanos();
    while (System.nanoTime() < end) {
      get(any(kinds).nextPath().get());
    }
  }

  private Result measure(Kind kind) throws Exception {
    Map<String, Long> failures = new TreeMap<>();
    for (int i = 0; i < options.warmupRequests(); i++) {
      Answer answer = get(kind.nextPath().get());
      if (answer.problem() != null) {
        failures.merge(answer.problem(), 1L, Long::sum);
      }
    }
    long[] nanos = new long[options.requests()];
    int count = 0;
    long errors = 0;
    QueryTally tally = new QueryTally();
    AutoCloseable listening = queryStats == null ? () -> { } : queryStats.listen(tally);
    CpuWindow cpu = new CpuWindow();
    try {
      for (int i = 0; i < options.requests(); i++) {
        Answer answer = get(kind.nextPath().get());
        if (answer.problem() == null) {
          nanos[count++] = answer.nanos();
        } else {
          errors++;
          failures.merge(answer.problem(), 1L, Long::sum);
        }
      }
    } finally {
      listening.close();
    }
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    String storeWork = queryStats == null ? "store work not observable on MongoDB" : tally.perRequest(options.requests());
    return new Result(kind.name(), sorted, errors, failures, storeWork, tally.scanned(), cpu.toString());
  }

  /** Sends one GET; the clock runs around the call alone, not around checking the answer. */
  private Answer get(String path) {
    long start = System.nanoTime();
    HttpResult result;
    try {
      result = client.get(path, token);
    } catch (RuntimeException e) {
      return new Answer(System.nanoTime() - start, e.toString());
    }
    long nanos = System.nanoTime() - start;
    if (result.status() != 200) {
      return new Answer(nanos, "HTTP " + result.status() + " " + abbreviate(result.body()));
    }
    JsonArray items = result.items();
    return new Answer(nanos, items == null || items.isEmpty() ? "empty list: GET " + abbreviate(path) : null);
  }

  private HttpResult require(String path) {
    HttpResult result = client.get(path, token);
    if (result.status() != 200) {
      throw new IllegalStateException("GET " + path + " answered " + result);
    }
    return result;
  }

  private <T> T any(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  private static void print(Result result) {
    System.out.printf(Locale.ROOT, "read:    %-32s p50 %7.2f  p99 %7.2f  max %7.2f ms  (%d measured, %d errors)  %s  %s%s%n",
        result.name(), result.millis(50), result.millis(99), result.millis(100), result.sortedNanos().length, result.errors(), result.cpu(),
        result.storeWork(), result.scanned() ? "  <-- SCAN" : "");
    result.failures().entrySet().stream().limit(FAILURES_SHOWN)
        .forEach(failure -> System.out.printf(Locale.ROOT, "      %6d x %s%n", failure.getValue(), failure.getKey()));
  }
}
