package dev.omnihub.hub.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.MailSender;
import dev.omnihub.hub.testing.Mails;
import dev.omnihub.hub.testing.RunningHub;
import dev.omnihub.hub.testing.SocketClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chat reply the visitor never saw is emailed to them once the channel's delay has passed (here
 * the test moves the timer's due time instead of waiting a quarter of an hour): through a restart,
 * with every unseen reply in one mail, threaded so the visitor's answer by email continues the chat;
 * a visitor who read the reply gets no mail.
 */
class OfflineChatMailTest {

  /**
   * One hub for the class, with one email channel to one relay. The mail from a claimed address needs
   * nothing else, and the visitor who read the reply is checked for mail to their address alone. The
   * restart test and the server that refuses every mail start hubs of their own: the offline mail goes
   * out through the hub's oldest email channel, and the refusal is read from the hub's dead letters.
   */
  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  private static final GreenMail relay = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

  @BeforeAll
  static void startRelay() {
    relay.start();
    emailChannel(hub);
  }

  @AfterAll
  static void stopRelay() {
    relay.stop();
  }

  @Test
  void unseenRepliesAreEmailedAfterTheDelayEvenAcrossARestartAndTheAnswerByEmailContinuesTheChat(@TempDir Path dataDir) throws Exception {
    String conversation;
    String chatChannel;
    try (TestHub hub = TestHub.start(dataDir)) {
      emailChannel(hub);
      chatChannel = chatChannel(hub);
      String token = session(hub, chatChannel, new JsonObject().put("identity", new JsonObject().put("email", "dee@example.com")
          .put("name", "Dee")));
      try (SocketClient widget = widget(hub, token)) {
        widget.send(new JsonObject().put("type", "message").put("clientId", "c-1").put("text", "Do you have size 42?"));
        widget.await(frame -> "ack".equals(frame.getString("type")));
      }
      conversation = hub.client().get("/api/v1/conversations?channel=" + chatChannel, hub.adminToken()).items().getJsonObject(0).getString("id");
      reply(hub, conversation, "Yes, we do.");
      reply(hub, conversation, "Shall I reserve one for you?");

      // Scheduled by the reply's reaction, once the reply is durable.
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> timer(hub, conversation) != null);
      Document timer = timer(hub, conversation);
      assertThat(timer.getDate("dueAt").toInstant()).as("the channel's delay: 15 minutes by default")
          .isAfter(Instant.now().plus(Duration.ofMinutes(14)));
    }
    assertThat(mailsTo("dee@example.com")).as("nothing before the delay").isEmpty();

    try (TestHub hub = TestHub.start(dataDir)) {
      dueNow(hub, conversation);
      Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> mailsTo("dee@example.com").size() == 1);
      MimeMessage mail = mailsTo("dee@example.com").get(0);
      assertThat(mail.getHeader("To", ",")).isEqualTo("dee@example.com");
      assertThat(mail.getSubject()).isEqualTo("New reply to your chat");
      assertThat(mail.getHeader("Reply-To", ",")).isEqualTo("support+" + conversation + "@shop.test");
      String body = com.icegreen.greenmail.util.GreenMailUtil.getBody(mail);
      assertThat(body).contains("Yes, we do.").contains("Shall I reserve one for you?").doesNotContain("Do you have size 42?");
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> hub.client().get("/api/v1/conversations/" + conversation + "/messages",
          hub.adminToken()).items().stream().map(JsonObject.class::cast)
          .anyMatch(m -> "system".equals(m.getString("direction")) && m.getString("text").contains("emailed 2 unseen replies")));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> timerGone(hub, conversation));

      // The visitor answers the mail: it continues the chat's conversation.
      String sentId = mail.getMessageID().replaceAll("[<>]", "");
      assertThat(MailSender.sendOnce(hub.hub().smtpPort(), Mails.from("dee@example.com").to("support@shop.test")
          .subject("Re: New reply to your chat").messageId("dee-1@example.com").inReplyTo(sentId).references(sentId)
          .body("Yes please, reserve it.").raw(), "support@shop.test")).isEqualTo(250);
      assertThat(hub.client().get("/api/v1/conversations/" + conversation + "/messages", hub.adminToken()).items().stream()
          .map(JsonObject.class::cast).map(m -> m.getString("text"))).contains("Yes please, reserve it.");
      // Answering the mail sent to the typed address proved it: the claim became the visitor's identity.
      String customerId = hub.client().get("/api/v1/conversations/" + conversation, hub.adminToken()).json().getString("customerId");
      JsonObject customer = hub.client().get("/api/v1/customers/" + customerId, hub.adminToken()).json();
      assertThat(customer.getJsonArray("identities")).contains(new JsonObject().put("kind", "email").put("value", "dee@example.com"));
      assertThat(customer.getJsonArray("claims")).isEmpty();
    }
  }

  @Test
  void aMailTheServerRefusesForGoodIsGivenUpAtOnceAndAgentsAreTold(@TempDir Path dataDir) throws Exception {
    try (ServerSocket refusing = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        TestHub hub = TestHub.start(dataDir)) {
      Thread smtp = Thread.ofVirtual().start(() -> refuseEveryRecipient(refusing));
      HttpResult created = hub.client().post("/api/v1/channels", new JsonObject().put("type", "email").put("name", "Support")
          .put("address", "support@shop.test").put("smtp", new JsonObject().put("host", "127.0.0.1").put("port", refusing.getLocalPort())
              .put("tls", "none")), hub.adminToken());
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String chatChannel = chatChannel(hub);
      String token = session(hub, chatChannel, new JsonObject().put("identity", new JsonObject().put("email", "gone@example.com")));
      String conversation;
      try (SocketClient widget = widget(hub, token)) {
        widget.send(new JsonObject().put("type", "message").put("clientId", "c-1").put("text", "Anyone?"));
        widget.await(frame -> "ack".equals(frame.getString("type")));
        conversation = hub.client().get("/api/v1/conversations?channel=" + chatChannel, hub.adminToken()).items().getJsonObject(0)
            .getString("id");
      }
      reply(hub, conversation, "Here we are!");
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> timer(hub, conversation) != null);

      dueNow(hub, conversation);
      Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> hub.client().get("/api/v1/conversations/" + conversation + "/messages",
          hub.adminToken()).items().stream().map(JsonObject.class::cast)
          .anyMatch(m -> "system".equals(m.getString("direction")) && m.getString("text").contains("could not be emailed")));
      List<Document> dead = store(hub).read(() -> hub.hub().services().conversationServices().outbox().dead(10)).await(10, TimeUnit.SECONDS);
      assertThat(dead).singleElement().satisfies(row -> {
        assertThat(row.getString("kind")).isEqualTo(OfflineChatMail.KIND_DELIVERY);
        assertThat(row.getInteger("attempts")).as("a 5xx is given up at once").isEqualTo(1);
        assertThat(row.getString("lastError")).contains("550");
      });
      smtp.interrupt();
    }
  }

  /** An SMTP server that refuses every recipient for good. */
  private static void refuseEveryRecipient(ServerSocket server) {
    while (!server.isClosed()) {
      try (Socket client = server.accept();
          BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
          Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII)) {
        out.write("220 refusing.test ESMTP\r\n");
        out.flush();
        String line;
        while ((line = in.readLine()) != null) {
          String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
          String answer = switch (command) {
            case "EHLO", "HELO" -> "250 refusing.test";
            case "RCPT" -> "550 5.1.1 mailbox unavailable";
            case "QUIT" -> "221 bye";
            default -> "250 ok";
          };
          out.write(answer + "\r\n");
          out.flush();
          if ("QUIT".equals(command)) {
            break;
          }
        }
      } catch (IOException closed) {
        return;
      }
    }
  }

  @Test
  void aVisitorWhoReadTheReplyGetsNoMail() throws Exception {
    String chatChannel = chatChannel(hub);
    String token = session(hub, chatChannel, new JsonObject().put("identity", new JsonObject().put("email", "eve@example.com")));
    try (SocketClient widget = widget(hub, token)) {
      widget.send(new JsonObject().put("type", "message").put("clientId", "c-1").put("text", "Hello?"));
      widget.await(frame -> "ack".equals(frame.getString("type")));
      String conversation = hub.client().get("/api/v1/conversations?channel=" + chatChannel, hub.adminToken()).items().getJsonObject(0)
          .getString("id");
      reply(hub, conversation, "Hello! How can I help?");
      JsonObject shown = widget.await(frame -> "message".equals(frame.getString("type")) && "outbound".equals(frame.getString("direction")));
      widget.send(new JsonObject().put("type", "read").put("seq", shown.getInteger("seq")));
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> store(hub).read(() -> store(hub).collection(Collections.CONVERSATIONS)
          .find(Filters.eq("_id", conversation)).first().get("customerReadAt") != null).await(10, TimeUnit.SECONDS));

      dueNow(hub, conversation);
      Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> timerGone(hub, conversation));
    }
    assertThat(mailsTo("eve@example.com")).as("the visitor saw the reply").isEmpty();
  }

  @Test
  void aMailFromAClaimedAddressThatAnswersNoMailOfOursProvesNothing() throws Exception {
    String chatChannel = chatChannel(hub);
    String token = session(hub, chatChannel, new JsonObject().put("identity", new JsonObject().put("email", "frank@example.com")));
    String conversation;
    try (SocketClient widget = widget(hub, token)) {
      widget.send(new JsonObject().put("type", "message").put("clientId", "c-1").put("text", "Hi"));
      widget.await(frame -> "ack".equals(frame.getString("type")));
      conversation = hub.client().get("/api/v1/conversations?channel=" + chatChannel, hub.adminToken()).items().getJsonObject(0).getString("id");
    }
    // Whoever knows the conversation's id (the widget tells the visitor) can write to its reply address.
    assertThat(MailSender.sendOnce(hub.hub().smtpPort(), Mails.from("frank@example.com").to("support+" + conversation + "@shop.test")
        .subject("hello").messageId("f-1@example.com").body("It is me, Frank.").raw(), "support+" + conversation + "@shop.test"))
        .isEqualTo(250);

    String visitorProfile = hub.client().get("/api/v1/conversations/" + conversation, hub.adminToken()).json().getString("customerId");
    JsonObject frank = hub.client().get("/api/v1/customers?identity=email:frank@example.com", hub.adminToken()).items().getJsonObject(0);
    assertThat(frank.getString("id")).as("the mail made a profile of its own").isNotEqualTo(visitorProfile);
    assertThat(hub.client().get("/api/v1/customers/" + visitorProfile, hub.adminToken()).json().getJsonArray("claims")).hasSize(1);
  }

  private static void emailChannel(RunningHub hub) {
    HttpResult created = hub.client().post("/api/v1/channels", new JsonObject().put("type", "email").put("name", "Support")
        .put("address", "support@shop.test").put("smtp", new JsonObject().put("host", "127.0.0.1").put("port", relay.getSmtp().getPort())
            .put("tls", "none")), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
  }

  private static String chatChannel(RunningHub hub) {
    HttpResult created = hub.client().post("/api/v1/channels", new JsonObject().put("type", "chat").put("name", "Website"), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static String session(RunningHub hub, String channelId, JsonObject body) {
    HttpResult result = hub.client().post("/api/v1/widget/" + channelId + "/session", body, null);
    assertThat(result.status()).as(result.toString()).isEqualTo(200);
    return result.json().getString("visitorToken");
  }

  private static List<MimeMessage> mailsTo(String address) throws Exception {
    List<MimeMessage> mails = new ArrayList<>();
    for (MimeMessage mail : relay.getReceivedMessages()) {
      if (address.equals(mail.getHeader("To", ","))) {
        mails.add(mail);
      }
    }
    return mails;
  }

  private static SocketClient widget(RunningHub hub, String token) {
    return SocketClient.connect(hub.hub().httpPort(), "/ws/widget?token=" + token + "&since=0");
  }

  private static void reply(RunningHub hub, String conversation, String text) {
    HttpResult sent = hub.client().post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("text", text),
        hub.adminToken());
    assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
  }

  private static MongoStore store(RunningHub hub) {
    return hub.hub().services().mongo();
  }

  private static Document timer(RunningHub hub, String conversation) throws Exception {
    return store(hub).read(() -> store(hub).collection(Collections.TIMERS).find(Filters.eq("subjectId", conversation)).first())
        .await(10, TimeUnit.SECONDS);
  }

  private static boolean timerGone(RunningHub hub, String conversation) throws Exception {
    return timer(hub, conversation) == null;
  }

  /** The delay has passed. */
  private static void dueNow(RunningHub hub, String conversation) throws Exception {
    store(hub).write(() -> store(hub).collection(Collections.TIMERS).updateOne(Filters.eq("subjectId", conversation),
        Updates.set("dueAt", Date.from(Instant.now().minusSeconds(1))))).await(10, TimeUnit.SECONDS);
  }
}
