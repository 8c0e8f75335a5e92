package dev.omnihub.bench;

import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One agent socket of the cluster bench: records when each bench message's {@code message.created}
 * frame arrived, and how often one came again. Light on purpose (the bench shares the cores with the
 * nodes it measures): it keeps no frames and parses none into JSON, it only looks for the type and the
 * bench's external id in the text; {@code SocketClient} keeps a Vert.x and a JSON tree per frame.
 */
final class DeliveryFeed {

  private static final String MESSAGE_CREATED = "\"type\":\"message.created\"";
  private static final String EXTERNAL_ID = "\"externalId\":\"";

  private final int node;
  private final String benchExternalId;
  private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong frames = new AtomicLong();
  private volatile WebSocket socket;

  /** @param idPrefix the bench's external ids start with it, which tells them from any other id in a frame */
  DeliveryFeed(int node, String idPrefix) {
    this.node = node;
    this.benchExternalId = EXTERNAL_ID + idPrefix;
  }

  /** Connects to node's agent socket; the handler is set first, so that no frame can come before it. */
  void connect(WebSocketClient client, int port, String token) throws Exception {
    ClientWebSocket connecting = client.webSocket();
    connecting.textMessageHandler(this::received);
    socket = connecting.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws/agent?token=" + token))
        .await(30, TimeUnit.SECONDS);
  }

  private void received(String text) {
    long now = System.nanoTime();
    frames.incrementAndGet();
    if (!text.contains(MESSAGE_CREATED)) {
      return;
    }
    int at = text.indexOf(benchExternalId);
    if (at < 0) {
      return;
    }
    int start = at + EXTERNAL_ID.length();
    String id = text.substring(start, text.indexOf('"', start));
    if (arrivals.putIfAbsent(id, now) != null) {
      duplicates.incrementAndGet();
    }
  }

  /** The hub closes sockets silent for minutes, as the console's would be without its pings. */
  void ping() {
    WebSocket open = socket;
    if (open != null && !open.isClosed()) {
      open.writeTextMessage(new JsonObject().put("type", "ping").encode());
    }
  }

  int node() {
    return node;
  }

  /** When the message with this external id first arrived ({@link System#nanoTime}), or null. */
  Long arrival(String externalId) {
    return arrivals.get(externalId);
  }

  int received() {
    return arrivals.size();
  }

  /** Every frame the socket got, of any type: what one message costs the socket, with {@link #received}. */
  long frames() {
    return frames.get();
  }

  long duplicates() {
    return duplicates.get();
  }

  void close() {
    WebSocket open = socket;
    if (open != null && !open.isClosed()) {
      open.close(); // not awaited: the client's close (ClusterRun) ends whatever is left
    }
  }
}
