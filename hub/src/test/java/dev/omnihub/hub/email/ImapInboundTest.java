package dev.omnihub.hub.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.Mails;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A channel's IMAP mailbox (GreenMail): each mail is taken once, across restarts and a changed
 * UIDVALIDITY; new mail arrives while the hub waits; the mailbox's own sent copies are left alone;
 * a refused login shows on the channel and recovers once the password is fixed.
 */
class ImapInboundTest {

  private static final String ADDRESS = "support@shop.test";
  private static final String PASSWORD = "mailbox-password";

  @TempDir
  Path dataDir;
  private GreenMail mailServer;
  private GreenMailUser mailbox;

  @BeforeEach
  void startMailServer() {
    mailServer = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()});
    mailServer.start();
    mailbox = mailServer.setUser(ADDRESS, "support", PASSWORD);
  }

  @AfterEach
  void stopMailServer() {
    mailServer.stop();
  }

  @Test
  void eachMailIsTakenOnceAcrossRestartsAndNewMailArrivesWhileTheHubWaits() {
    deliver(Mails.from("ana@example.com").to(ADDRESS).subject("Order").messageId("i1@example.com").body("Where is my order?"));
    deliver(Mails.from("bo@example.com").to(ADDRESS).subject("Refund").messageId("i2@example.com").body("I want a refund."));
    try (TestHub hub = TestHub.start(dataDir)) {
      String channelId = createChannel(hub, PASSWORD);
      awaitMessages(hub, "ana@example.com", 1);
      awaitMessages(hub, "bo@example.com", 1);

      deliver(Mails.from("ana@example.com").to(ADDRESS).subject("Re: Order").messageId("i3@example.com").inReplyTo("i1@example.com")
          .body("Any news?"));
      awaitMessages(hub, "ana@example.com", 2);
      awaitHealthy(hub, channelId);
    }
    try (TestHub hub = TestHub.start(dataDir)) {
      deliver(Mails.from("cy@example.com").to(ADDRESS).subject("Hello").messageId("i4@example.com").body("Hi there"));
      awaitMessages(hub, "cy@example.com", 1);
      assertThat(messageCount(hub, "ana@example.com")).isEqualTo(2);
      assertThat(messageCount(hub, "bo@example.com")).isEqualTo(1);
    }
  }

  @Test
  void theMailboxsOwnSentCopiesAreNotTaken() {
    deliver(Mails.from("Shop <" + ADDRESS + ">").to("ana@example.com").subject("Re: Order").messageId("sent-1@shop.test").body("Shipped"));
    deliver(Mails.from("dee@example.com").to(ADDRESS).subject("Question").messageId("q1@example.com").body("A question"));
    try (TestHub hub = TestHub.start(dataDir)) {
      createChannel(hub, PASSWORD);
      awaitMessages(hub, "dee@example.com", 1);

      assertThat(customers(hub, "ana@example.com")).isEmpty();
    }
  }

  @Test
  void aRefusedLoginShowsOnTheChannelAndRecoversOnceThePasswordIsFixed() {
    deliver(Mails.from("eve@example.com").to(ADDRESS).subject("Hi").messageId("e1@example.com").body("Hello"));
    try (TestHub hub = TestHub.start(dataDir)) {
      String channelId = createChannel(hub, "wrong-password");
      Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
        JsonObject status = hub.client().get("/api/v1/channels/" + channelId, hub.adminToken()).json().getJsonObject("status");
        assertThat(status.getString("state")).isEqualTo("failing");
        assertThat(status.getJsonObject("components").getJsonObject("imap").getString("error")).contains("refused the login")
            .doesNotContain("wrong-password");
      });
      assertThat(customers(hub, "eve@example.com")).isEmpty();

      HttpResult fixed = hub.client().patch("/api/v1/channels/" + channelId,
          new JsonObject().put("imap", new JsonObject().put("password", PASSWORD)), hub.adminToken());
      assertThat(fixed.status()).as(fixed.toString()).isEqualTo(200);

      awaitMessages(hub, "eve@example.com", 1);
      awaitHealthy(hub, channelId);
    }
  }

  @Test
  void aChangedUidValidityReadsTheMailboxAgainWithoutDuplicates() throws Exception {
    deliver(Mails.from("fay@example.com").to(ADDRESS).subject("One").messageId("f1@example.com").body("first"));
    deliver(Mails.from("fay@example.com").to(ADDRESS).subject("Two").messageId("f2@example.com").body("second"));
    String channelId;
    try (TestHub hub = TestHub.start(dataDir)) {
      channelId = createChannel(hub, PASSWORD);
      awaitMessages(hub, "fay@example.com", 2);
      // As if the mailbox had been rebuilt since: the stored position belongs to another UIDVALIDITY.
      MongoStore store = hub.hub().services().mongo();
      store.write(() -> store.collection(Collections.ADAPTER_STATE).updateOne(Filters.eq("_id", channelId + "/imap"),
          Updates.set("value.uidValidity", 1L))).await(10, TimeUnit.SECONDS);
    }
    deliver(Mails.from("fay@example.com").to(ADDRESS).subject("Three").messageId("f3@example.com").body("third"));
    try (TestHub hub = TestHub.start(dataDir)) {
      awaitMessages(hub, "fay@example.com", 3);
      // The barrier: a later mail taken means the mailbox was read again after the third.
      deliver(Mails.from("gus@example.com").to(ADDRESS).subject("Later").messageId("g1@example.com").body("later"));
      awaitMessages(hub, "gus@example.com", 1);
      assertThat(messageCount(hub, "fay@example.com")).isEqualTo(3);
    }
  }

  private void deliver(Mails mail) {
    try {
      mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()),
          new ByteArrayInputStream(mail.raw().getBytes(StandardCharsets.UTF_8))));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String createChannel(TestHub hub, String password) {
    HttpResult created = hub.client().post("/api/v1/channels", new JsonObject().put("type", "email").put("name", "Support")
        .put("address", ADDRESS).put("imap", new JsonObject().put("host", "127.0.0.1").put("port", mailServer.getImap().getPort())
            .put("tls", "none").put("user", "support").put("password", password).put("pollSeconds", 5)), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static void awaitHealthy(TestHub hub, String channelId) {
    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> "ok".equals(
        hub.client().get("/api/v1/channels/" + channelId, hub.adminToken()).json().getJsonObject("status").getString("state")));
  }

  private static JsonArray customers(TestHub hub, String email) {
    return hub.client().get("/api/v1/customers?identity=email:" + email, hub.adminToken()).items();
  }

  private static int messageCount(TestHub hub, String email) {
    JsonArray found = customers(hub, email);
    if (found.isEmpty()) {
      return 0;
    }
    int count = 0;
    for (Object conversation : hub.client().get("/api/v1/customers/" + found.getJsonObject(0).getString("id") + "/conversations",
        hub.adminToken()).items()) {
      count += (int) hub.client().get("/api/v1/conversations/" + ((JsonObject) conversation).getString("id") + "/messages",
          hub.adminToken()).items().stream().filter(m -> "inbound".equals(((JsonObject) m).getString("direction"))).count();
    }
    return count;
  }

  private static void awaitMessages(TestHub hub, String email, int count) {
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> messageCount(hub, email) >= count);
    assertThat(messageCount(hub, email)).isEqualTo(count);
  }
}
