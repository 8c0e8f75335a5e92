package dev.omnihub.hub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.BrowserTests;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.TcpProxy;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /widget.js} in a real browser: Debian's Chromium, driven by playwright-core (no browser is
 * downloaded), opens a page of another origin that embeds the widget with one script tag and chats
 * with an agent on a real agent socket: help-center articles while the visitor types (published ones
 * only), typing and read receipts both ways, history after a reload,
 * and an answer sent while the network was down arriving once after the widget reconnects by itself; axe-core finds
 * nothing serious in the widget closed, open, with messages and with the survey card. The visitor's half is
 * {@code src/test/browser/widget-chat.mjs}; this half plays the agent when it reports a step. The widget's language
 * (the channel's setting, else the page's lang, else the browser's) is {@code widget-language.mjs}'s.
 *
 * <p>Needs Chromium and the npm packages ({@link BrowserTests}); skipped only with {@code OMNIHUB_SKIP_BROWSER=1}.
 */
class WidgetBrowserTest {


  @TempDir
  Path dataDir;

  @Test
  void aVisitorInChromiumChatsWithAnAgentLive() throws Exception {
    BrowserTests.require();
    Vertx vertx = Vertx.vertx();
    try (TestHub hub = TestHub.start(dataDir); TcpProxy network = new TcpProxy(hub.hub().httpPort())) {
      // The browser reaches the hub through a proxy the test can take down.
      String origin = site(vertx, network.port());
      HttpResult created = hub.client().post("/api/v1/channels", new JsonObject().put("type", "chat").put("name", "Shop")
          .put("allowedOrigins", new JsonArray().add(origin)).put("greeting", "Hi! How can we help?")
          .put("csat", new JsonObject().put("enabled", true)), hub.adminToken());
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String channelId = created.json().getString("id");
      publish(hub, "Tracking a delivery", "Where is my parcel? Use the **tracking number** in your shipping e-mail.", "published");
      publish(hub, "Draft: parcel lockers", "Where is my parcel when it goes to a locker?", "draft");

      try (SocketClient agent = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken())) {
        try (BrowserTests.Script visitor = BrowserTests.run("widget-chat.mjs", origin + "/?channel=" + channelId)) {
          visitor.awaitStep("ONLINE");
          visitor.awaitStep("HELP");
          visitor.awaitStep("SENT");
          JsonObject message = agent.await(frame -> "message.created".equals(frame.getString("type"))
              && "Hello from Chromium".equals(frame.getJsonObject("message").getString("text"))).getJsonObject("message");
          assertThat(message.getString("channelId")).isEqualTo(channelId);
          String conversation = message.getString("conversationId");
          visitor.awaitStep("TYPING");
          agent.await(frame -> "typing".equals(frame.getString("type")) && conversation.equals(frame.getString("conversationId")));

          agent.send(new JsonObject().put("type", "typing").put("conversationId", conversation));
          visitor.awaitStep("AGENT_TYPING");
          reply(hub, conversation, "Hello from the agent");
          visitor.awaitStep("REPLY");
          agent.await(frame -> "read".equals(frame.getString("type")) && conversation.equals(frame.getString("conversationId")));

          agent.send(new JsonObject().put("type", "read").put("conversationId", conversation));
          visitor.awaitStep("SEEN");
          visitor.awaitStep("EMAIL");
          JsonObject customer = hub.client().get("/api/v1/customers/" + message.getString("customerId"), hub.adminToken()).json();
          assertThat(customer.getJsonArray("claims").getJsonObject(0).getString("value")).as("the typed email is a claim")
              .isEqualTo("visitor@example.com");
          visitor.awaitStep("FILE");
          JsonObject file = agent.await(frame -> "message.created".equals(frame.getString("type"))
              && !frame.getJsonObject("message").getJsonArray("attachments").isEmpty()).getJsonObject("message");
          assertThat(file.getJsonArray("attachments").getJsonObject(0).getString("fileName")).isEqualTo("photo.png");
          visitor.awaitStep("HISTORY");
          network.down();
          int connectionsBefore = network.accepted();
          reply(hub, conversation, "While you were away");
          Thread.sleep(1_500);
          network.up();
          visitor.awaitStep("RESUMED");
          assertThat(network.accepted()).as("the widget reconnected by itself").isGreaterThan(connectionsBefore);
          assertThat(hub.client().post("/api/v1/conversations/" + conversation + "/status", new JsonObject().put("status", "resolved"),
              hub.adminToken()).status()).isEqualTo(200);
          visitor.awaitStep("RATED");
          JsonObject rated = hub.client().get("/api/v1/conversations/" + conversation, hub.adminToken()).json().getJsonObject("csat");
          assertThat(rated.getInteger("score")).isEqualTo(4);
          assertThat(rated.getString("comment")).as("kept as text").isEqualTo("<img src=x onerror=alert(1)> quick & kind");
          visitor.awaitSuccess();
        }
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theWidgetSpeaksThePagesLanguageUnlessItsChannelSaysWhich() throws Exception {
    BrowserTests.require();
    Vertx vertx = Vertx.vertx();
    try (TestHub hub = TestHub.start(dataDir)) {
      String origin = site(vertx, hub.hub().httpPort());
      String auto = chatChannel(hub, new JsonObject().put("allowedOrigins", new JsonArray().add(origin))
          .put("csat", new JsonObject().put("enabled", true).put("question", "您对我们的帮助满意吗？")));
      String english = chatChannel(hub, new JsonObject().put("allowedOrigins", new JsonArray().add(origin)).put("language", "en"));

      try (SocketClient agent = SocketClient.connect(hub.hub().httpPort(), "/ws/agent?token=" + hub.adminToken());
          BrowserTests.Script visitor = BrowserTests.run("widget-language.mjs", origin, auto, english)) {
        visitor.awaitStep("ZH_SENT");
        JsonObject message = agent.await(frame -> "message.created".equals(frame.getString("type"))
            && "你好，我的包裹在哪里？".equals(frame.getJsonObject("message").getString("text"))).getJsonObject("message");
        String conversation = message.getString("conversationId");
        reply(hub, conversation, "您好！包裹明天送到。");
        assertThat(hub.client().post("/api/v1/conversations/" + conversation + "/status", new JsonObject().put("status", "resolved"),
            hub.adminToken()).status()).isEqualTo(200);
        visitor.awaitStep("ZH_RATED");
        JsonObject rated = hub.client().get("/api/v1/conversations/" + conversation, hub.adminToken()).json().getJsonObject("csat");
        assertThat(rated.getInteger("score")).isEqualTo(5);
        assertThat(rated.getString("comment")).isEqualTo("很快");
        visitor.awaitStep("EN");
        visitor.awaitStep("OVERRIDE");
        visitor.awaitStep("BROWSER");
        visitor.awaitSuccess();
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** A shop on another origin, whose page embeds the widget ({@code ?channel=}, in the language {@code ?lang=} if any); its origin. */
  private static String site(Vertx vertx, int hubPort) throws Exception {
    HttpServer site = vertx.createHttpServer().requestHandler(request -> request.response().putHeader("Content-Type", "text/html; charset=utf-8")
        .end(page(hubPort, request.getParam("channel"), request.getParam("lang")))).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    return "http://127.0.0.1:" + site.actualPort();
  }

  /** A shop's page embedding the widget as API.md says; {@code lang} on its root when given. */
  private static String page(int hubPort, String channelId, String lang) {
    return "<!doctype html><html" + (lang == null ? "" : " lang=\"" + lang + "\"") + "><head><title>Shop</title></head><body><h1>Our shop</h1>"
        + "<script src=\"http://localhost:" + hubPort + "/widget.js\" data-channel-id=\"" + channelId + "\" async></script>"
        + "</body></html>";
  }

  private static String chatChannel(TestHub hub, JsonObject settings) {
    HttpResult created = hub.client().post("/api/v1/channels", settings.copy().put("type", "chat").put("name", "Shop"), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static void publish(TestHub hub, String title, String body, String status) {
    HttpResult created = hub.client().post("/api/v1/kb/articles", new JsonObject().put("title", title).put("body", body).put("locale", "en")
        .put("status", status), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
  }

  private static void reply(TestHub hub, String conversation, String text) {
    HttpResult sent = hub.client().post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("text", text),
        hub.adminToken());
    assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
  }
}
