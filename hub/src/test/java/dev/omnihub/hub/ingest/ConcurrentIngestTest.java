package dev.omnihub.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real concurrency through the HTTP endpoint: many requests released at the same instant from
 * separate threads, racing on identity claims, the default-thread claim and the dedupe index.
 */
class ConcurrentIngestTest {

  private static final int BURST = 50;

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  static HubClient client;
  static JsonObject channel;

  @BeforeAll
  static void start() {
    client = hub.client();
    channel = client.createApiChannel(hub.adminToken(), "Burst", null);
  }

  @RepeatedTest(3)
  void fiftySimultaneousFirstMessagesFromOneNumberCreateOneCustomerAndOneConversation() throws Exception {
    String phone = "+1415555" + String.format("%04d", (int) (Math.random() * 10_000));
    List<HttpResult> results = burst(i -> HubClient.message("first-contact-" + phone + "-" + i,
        new JsonObject().put("phone", phone), "message " + i));

    assertThat(results).allSatisfy(result -> assertThat(result.status()).as(result.toString()).isEqualTo(200));
    Set<String> customers = new HashSet<>();
    Set<String> conversations = new HashSet<>();
    Set<String> messages = new HashSet<>();
    for (HttpResult result : results) {
      customers.add(result.json().getString("customerId"));
      conversations.add(result.json().getString("conversationId"));
      messages.add(result.json().getString("messageId"));
    }
    assertThat(customers).hasSize(1);
    assertThat(conversations).hasSize(1);
    assertThat(messages).hasSize(BURST);

    // The store agrees: one profile behind the number, one conversation, fifty messages in it.
    JsonArray found = client.get("/api/v1/customers?identity=phone:" + phone, hub.adminToken()).items();
    assertThat(found).hasSize(1);
    String customerId = found.getJsonObject(0).getString("id");
    assertThat(customerId).isEqualTo(customers.iterator().next());
    assertThat(client.get("/api/v1/customers/" + customerId + "/conversations", hub.adminToken()).items()).hasSize(1);
    String conversationId = conversations.iterator().next();
    assertThat(client.get("/api/v1/conversations/" + conversationId + "/messages?limit=200", hub.adminToken()).items()).hasSize(BURST);
  }

  @Test
  void theSameDeliveryArrivingFiftyTimesAtOnceIsStoredOnce() throws Exception {
    JsonObject body = HubClient.message("dup-burst-1", new JsonObject().put("email", "burst@example.com"), "once");
    List<HttpResult> results = burst(i -> body);

    assertThat(results).allSatisfy(result -> assertThat(result.status()).isEqualTo(200));
    assertThat(results).extracting(result -> result.json().getString("messageId")).containsOnly(results.get(0).json().getString("messageId"));
    assertThat(results).filteredOn(result -> !result.json().getBoolean("duplicate")).hasSize(1);
    String conversationId = results.get(0).json().getString("conversationId");
    assertThat(client.get("/api/v1/conversations/" + conversationId + "/messages", hub.adminToken()).items()).hasSize(1);
  }

  /** Sends BURST requests from BURST threads released together, and returns every answer. */
  private static List<HttpResult> burst(IntFunction<JsonObject> bodies) throws Exception {
    CountDownLatch ready = new CountDownLatch(BURST);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResult>> futures = new ArrayList<>();
    try (ExecutorService threads = Executors.newFixedThreadPool(BURST)) {
      for (int i = 0; i < BURST; i++) {
        JsonObject body = bodies.apply(i);
        Callable<HttpResult> send = () -> {
          ready.countDown();
          go.await();
          return client.webhook(channel, body);
        };
        futures.add(threads.submit(send));
      }
      ready.await();
      go.countDown();
      List<HttpResult> results = new ArrayList<>();
      for (Future<HttpResult> future : futures) {
        results.add(future.get());
      }
      return results;
    }
  }
}
