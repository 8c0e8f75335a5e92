package dev.omnihub.hub.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** A real WebSocket client for tests: keeps every JSON frame it receives and how the socket closed. */
public final class SocketClient implements AutoCloseable {

  private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  private final Vertx vertx = Vertx.vertx();
  private final List<JsonObject> frames = new CopyOnWriteArrayList<>();
  private final WebSocket socket;
  private volatile Short closeCode;
  private volatile String closeReason;

  private SocketClient(int port, String uri, String origin) {
    // As large messages as a browser takes: Vert.x's default (256 KiB) closed the socket at the first
    // long call transcript, so a bench's supervisor saw three frames of hundreds.
    // (Frames stay at the default size: the hub takes frames of 64 KiB, a long message in several.)
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(MAX_MESSAGE_BYTES));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
    if (origin != null) {
      options.addHeader("Origin", origin);
    }
    // Handlers are set before connecting: a frame the hub sends at once (a replay) can never arrive
    // before them and be dropped.
    ClientWebSocket connecting = client.webSocket();
    connecting.textMessageHandler(text -> frames.add(new JsonObject(text)));
    connecting.closeHandler(ignored -> {
      closeCode = connecting.closeStatusCode();
      closeReason = connecting.closeReason();
    });
    try {
      socket = connecting.connect(options).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("could not connect to " + uri, e);
    }
  }

  public static SocketClient connect(int port, String uri) {
    return new SocketClient(port, uri, null);
  }

  /** Connects as a web page of {@code origin} would. */
  public static SocketClient connect(int port, String uri, String origin) {
    return new SocketClient(port, uri, origin);
  }

  public List<JsonObject> frames() {
    return List.copyOf(frames);
  }

  public void send(JsonObject frame) {
    send(frame.encode());
  }

  /** Sends a text frame as it is (also one that is not JSON). */
  public void send(String text) {
    socket.writeTextMessage(text).await();
  }

  /** Waits until a frame matches and returns it. */
  public JsonObject await(Predicate<JsonObject> matching) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> frames.stream().anyMatch(matching));
    return frames.stream().filter(matching).findFirst().orElseThrow();
  }

  /** Waits until the hub closed the socket; returns the close code. */
  public short awaitClosed() {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> closeCode != null);
    return closeCode;
  }

  public String closeReason() {
    return closeReason;
  }

  @Override
  public void close() {
    try {
      if (closeCode == null) {
        socket.close().await(5, TimeUnit.SECONDS);
      }
    } catch (Exception ignored) {
      // already gone
    }
    vertx.close();
  }
}
