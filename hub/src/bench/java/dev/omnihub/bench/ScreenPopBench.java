package dev.omnihub.bench;

import dev.omnihub.adapters.webhook.WebhookSignature;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The screen pop: from a phone system's signed {@code call.started} to the agent socket's
 * {@code call.incoming} (with the caller's last ten messages and timeline events), for a caller with
 * a history on several channels. One call at a time, then with the ingest load's 8 clients' worth of
 * webhooks running beside it (API.md "voice": the agent sees the caller before answering).
 */
final class ScreenPopBench {

  private static final int CALLS = 200;

  private ScreenPopBench() {
  }

  static void run(TestHub hub) throws Exception {
    HubClient client = hub.client();
    JsonObject voice = client.post("/api/v1/channels", new JsonObject().put("type", "voice").put("name", "Phones"), hub.adminToken()).json();
    JsonObject api = client.createApiChannel(hub.adminToken(), "History", null);
    String caller = "+491709876543";
    for (int i = 0; i < 30; i++) {
      client.signedWebhook(api.getString("id"), api.getString("secret"),
          HubClient.message("history-" + i, new JsonObject().put("phone", caller), "message " + i).encode(), Instant.now());
    }
    for (int i = 0; i < 5; i++) {
      client.post("/api/v1/customer-events", new JsonObject().put("identity", "phone:" + caller).put("type", "order.created")
          .put("title", "Order " + i).put("occurredAt", Instant.now().toString()).put("externalId", "pop-order-" + i), hub.adminToken());
    }
    Vertx vertx = Vertx.vertx();
    Map<String, Long> postedAt = new ConcurrentHashMap<>();
    Map<String, Long> latency = new ConcurrentHashMap<>();
    try {
      // Held here: a WebSocketClient nobody references is closed when it is collected.
      WebSocketClient sockets = vertx.createWebSocketClient();
      ClientWebSocket socket = sockets.webSocket();
      socket.textMessageHandler(text -> {
        if (text.contains("\"call.incoming\"")) {
          String callId = new JsonObject(text).getString("callId");
          Long posted = postedAt.get(callId);
          if (posted != null) {
            latency.putIfAbsent(callId, System.nanoTime() - posted);
          }
        }
      });
      socket.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(hub.hub().httpPort())
          .setURI("/ws/agent?token=" + hub.adminToken())).await(10, TimeUnit.SECONDS);
      for (int i = 0; i < CALLS; i++) {
        String callId = "pop-" + i;
        String body = new JsonObject().put("type", "call.started").put("callId", callId).put("from", caller).put("to", "+4930555000")
            .encode();
        long ts = Instant.now().getEpochSecond();
        postedAt.put(callId, System.nanoTime());
        client.rawWebhook("/webhooks/voice/" + voice.getString("id") + "/events", body, Map.of(WebhookSignature.TIMESTAMP_HEADER,
            Long.toString(ts), WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(voice.getString("secret"), ts, Buffer.buffer(body))));
      }
      Thread.sleep(1_000);
      sockets.close();
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
    long[] nanos = latency.values().stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.println();
    System.out.printf(Locale.ROOT, "screen pop: call.started -> call.incoming on the agent socket, caller with 30 messages and 5 timeline "
        + "events: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d of %d calls)%n", IngestLoadDriver.millis(nanos, 50),
        IngestLoadDriver.millis(nanos, 99), IngestLoadDriver.millis(nanos, 100), nanos.length, CALLS);
  }
}
