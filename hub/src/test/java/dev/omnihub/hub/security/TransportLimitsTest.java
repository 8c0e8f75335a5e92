package dev.omnihub.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client can hold of the hub before it has proved anything, over raw TCP: a request without a
 * valid token is answered 401 before its (announced, huge) body is read; a webhook body over its
 * channel's limit is refused from its Content-Length; a connection that sends nothing is closed after
 * the idle timeout; connections past the cap are closed as they arrive.
 */
class TransportLimitsTest {

  @TempDir
  Path dataDir;

  @Test
  void aRequestWithoutAValidTokenIsRefusedBeforeItsBodyIsRead() throws Exception {
    try (TestHub hub = TestHub.start(dataDir)) {
      String answer = sendHeadersOnly(hub.hub().httpPort(), "POST /api/v1/customers/0123456789abcdef01234567/merge", 5_000_000, null);
      assertThat(answer).as("answered without waiting for 5 MB").startsWith("HTTP/1.1 401");
      String forged = sendHeadersOnly(hub.hub().httpPort(), "PATCH /api/v1/customers/0123456789abcdef01234567", 5_000_000, "ohk_forged");
      assertThat(forged).startsWith("HTTP/1.1 401");
      String sms = sendHeadersOnly(hub.hub().httpPort(), "POST /webhooks/sms/0123456789abcdef01234567", 5_000_000, null);
      assertThat(sms).as("over the sms channel's 64 KiB").startsWith("HTTP/1.1 413");
      assertThat(hub.client().get("/health", null).status()).isEqualTo(200);
    }
  }

  @Test
  void anIdleConnectionIsClosedAndConnectionsPastTheCapAreRefused() throws Exception {
    try (TestHub hub = TestHub.start(dataDir, Map.of("HTTP_IDLE_TIMEOUT_SECONDS", "1"))) {
      try (Socket idle = new Socket("127.0.0.1", hub.hub().httpPort())) {
        idle.setSoTimeout(5_000);
        assertThat(idle.getInputStream().read()).as("closed by the hub after a second of silence").isEqualTo(-1);
      }
    }
    // Idle connections are held for a minute here, so a close can only be the cap's.
    try (TestHub hub = TestHub.start(dataDir, Map.of("HTTP_IDLE_TIMEOUT_SECONDS", "60", "MAX_CONNECTIONS", "3"))) {
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          held.add(new Socket("127.0.0.1", hub.hub().httpPort()));
        }
        // Two event loops accept in parallel: the fourth must come after the three are counted.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> hub.hub().services().openConnections().get() == 3);
        try (Socket extra = new Socket("127.0.0.1", hub.hub().httpPort())) {
          extra.setSoTimeout(10_000);
          assertThat(extra.getInputStream().read()).as("the fourth connection is closed at once").isEqualTo(-1);
        }
      } finally {
        for (Socket socket : held) {
          socket.close();
        }
      }
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> hub.hub().services().openConnections().get() == 0);
      assertThat(new JsonObject(hub.client().get("/health", null).body()).getString("status")).as("room again once they closed")
          .isEqualTo("UP");
    }
  }

  @Test
  void aBodyTrickledInPastTheRequestDeadlineGets408AndItsConnectionClosed() throws Exception {
    try (TestHub hub = TestHub.start(dataDir, Map.of("HTTP_REQUEST_TIMEOUT_SECONDS", "1"))) {
      String token = hub.adminToken();
      try (Socket slow = new Socket("127.0.0.1", hub.hub().httpPort())) {
        slow.setSoTimeout(10_000);
        var out = slow.getOutputStream();
        out.write(("POST /api/v1/customer-events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
            + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        long started = System.nanoTime();
        // A byte every 300 ms: never idle, never done.
        String answer = null;
        for (int i = 0; i < 20 && answer == null; i++) {
          Thread.sleep(300);
          try {
            out.write(' ');
            out.flush();
          } catch (java.io.IOException closed) {
            break;
          }
          if (slow.getInputStream().available() > 0) {
            answer = new String(slow.getInputStream().readNBytes(slow.getInputStream().available()), StandardCharsets.US_ASCII);
          }
        }
        if (answer == null) {
          answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
        assertThat(answer).startsWith("HTTP/1.1 408").contains("request_timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      }
      assertThat(hub.client().get("/api/v1/customers", token).status()).as("quick requests are untouched").isEqualTo(200);
    }
  }

  @Test
  void aClosedWebSocketGivesItsPlaceBack() throws Exception {
    try (TestHub hub = TestHub.start(dataDir, Map.of("MAX_CONNECTIONS", "3"))) {
      // An upgraded connection never reports its own close: counted wrongly, ten sockets would fill the cap.
      for (int i = 0; i < 10; i++) {
        try (SocketClient socket = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
          socket.send(new JsonObject().put("type", "ping"));
          socket.await(frame -> "pong".equals(frame.getString("type")));
        }
        Thread.sleep(50);
      }
      assertThat(hub.client().get("/health", null).status()).isEqualTo(200);
    }
  }

  /** Sends a request's headers announcing a body, and one kilobyte of it; returns the hub's first line. */
  private static String sendHeadersOnly(int port, String requestLine, long contentLength, String token) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(3_000);
      OutputStream out = socket.getOutputStream();
      String headers = requestLine + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: " + contentLength
          + "\r\n" + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n";
      out.write(headers.getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[1024]);
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[64];
      int read = in.read(buffer);
      return read <= 0 ? "" : new String(buffer, 0, read, StandardCharsets.US_ASCII);
    }
  }
}
