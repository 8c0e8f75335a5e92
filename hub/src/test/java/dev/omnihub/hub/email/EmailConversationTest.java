package dev.omnihub.hub.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.MailSender;
import dev.omnihub.hub.testing.Mails;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A mail conversation end to end, over real SMTP both ways (the hub's listener in, GreenMail as the
 * channel's outgoing server): the answer carries the headers mail clients thread by, and the
 * customer's replies find their conversation the ways real clients reply, while other people who
 * answer the same mail keep conversations of their own.
 */
class EmailConversationTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  static final GreenMail relay = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
  static int smtpPort;

  @BeforeAll
  static void start() {
    relay.start();
    smtpPort = hub.hub().smtpPort();
    HttpResult created = hub.client().post("/api/v1/channels", new JsonObject().put("type", "email").put("name", "Support")
        .put("address", "support@shop.test").put("fromName", "Shop Support")
        .put("smtp", new JsonObject().put("host", "127.0.0.1").put("port", relay.getSmtp().getPort()).put("tls", "none")), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    relay.stop();
  }

  @Test
  void anAnswerIsThreadedAndTheCustomersRepliesFromAnyClientJoinTheConversation() throws Exception {
    receive(Mails.from("Ana <ana@example.com>").to("support@shop.test").subject("Where is my order?").messageId("a1@mail.example.com")
        .body("My order #1234 has not arrived."));
    String conversation = conversationOf("ana@example.com");

    MimeMessage answer = answer(conversation, "We are checking with the carrier.");
    assertThat(answer.getFrom()[0].toString()).isEqualTo("Shop Support <support@shop.test>");
    assertThat(answer.getHeader("To", ",")).isEqualTo("ana@example.com");
    assertThat(answer.getSubject()).isEqualTo("Re: Where is my order?");
    assertThat(answer.getHeader("In-Reply-To", " ")).isEqualTo("<a1@mail.example.com>");
    assertThat(answer.getHeader("References", " ")).isEqualTo("<a1@mail.example.com>");
    assertThat(answer.getHeader("Reply-To", ",")).isEqualTo("support+" + conversation + "@shop.test");
    String sentId = answer.getMessageID().replaceAll("[<>]", "");
    assertThat(sentId).endsWith("@shop.test");
    MimeMultipart alternative = (MimeMultipart) answer.getContent();
    assertThat(alternative.getContentType()).startsWith("multipart/alternative");
    assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(alternative.getBodyPart(1).getContentType()).startsWith("text/html");
    JsonObject delivery = lastMessage(conversation).getJsonObject("delivery");
    assertThat(delivery.getString("status")).isEqualTo("sent");
    assertThat(delivery.getString("providerId")).isEqualTo(sentId);

    // Outlook: no In-Reply-To, References kept, the subject changed by the customer.
    receive(Mails.from("ana@example.com").to("support@shop.test").subject("RE: order 1234 - still waiting").messageId("a2@outlook.test")
        .references("a1@mail.example.com", sentId).body("Any news?\n\n-----Original Message-----\nFrom: Shop Support"));
    assertThat(lastMessage(conversation).getString("externalId")).isEqualTo("a2@outlook.test");
    assertThat(lastMessage(conversation).getString("text")).isEqualTo("Any news?");

    // A reply after the conversation was resolved reopens it.
    status(conversation, "resolved");
    receive(Mails.from("ana@example.com").to("support@shop.test").subject("Re: Where is my order?").messageId("a3@mail.example.com")
        .inReplyTo(sentId).references("a1@mail.example.com", sentId).body("It arrived, but damaged."));
    assertThat(lastMessage(conversation).getString("externalId")).isEqualTo("a3@mail.example.com");
    assertThat(hub.client().get("/api/v1/conversations/" + conversation, hub.adminToken()).json().getString("status")).isEqualTo("open");
    assertThat(conversationsOf("ana@example.com")).hasSize(1);

    // The same customer on the api channel, with the same email, continues the same thread.
    JsonObject api = hub.client().createApiChannel(hub.adminToken(), "App", null);
    JsonObject ack = hub.client().webhook(api, HubClient.message("app-1", new JsonObject().put("email", "ANA@example.com"),
        "Sending a photo of the box from the app")).json();
    assertThat(ack.getString("conversationId")).isEqualTo(conversation);
  }

  @Test
  void aColleagueAnsweringTheSameMailAndAForwardFromANewSenderGetConversationsOfTheirOwn() throws Exception {
    receive(Mails.from("li@example.com").to("support@shop.test").subject("Invoice").messageId("l1@example.com").body("Invoice please."));
    String lisConversation = conversationOf("li@example.com");
    String sentId = answer(lisConversation, "Attached is the invoice.").getMessageID().replaceAll("[<>]", "");

    receive(Mails.from("colleague@example.com").to("support@shop.test").subject("Re: Invoice").messageId("c1@example.com")
        .inReplyTo(sentId).references("l1@example.com", sentId).body("I need one too."));
    receive(Mails.from("accounting@other.test").to("support@shop.test").subject("Fwd: Re: Invoice").messageId("f1@other.test")
        .references("l1@example.com", sentId).body("---------- Forwarded message ---------\nFrom: Shop Support"));

    assertThat(conversationOf("colleague@example.com")).isNotEqualTo(lisConversation);
    assertThat(conversationOf("accounting@other.test")).isNotEqualTo(lisConversation).isNotEqualTo(conversationOf("colleague@example.com"));
    assertThat(customerId("colleague@example.com")).isNotEqualTo(customerId("li@example.com"));
    assertThat(messages(lisConversation).stream().map(m -> m.getString("externalId"))).doesNotContain("c1@example.com", "f1@other.test");
  }

  @Test
  void aTicketsNumberIsInTheAnswersSubjectAndAMailNamingItJoinsItsConversation() throws Exception {
    receive(Mails.from("eve@example.com").to("support@shop.test").subject("Broken lamp").messageId("e1@example.com")
        .body("The lamp arrived broken."));
    String conversation = conversationOf("eve@example.com");
    long number = hub.client().post("/api/v1/conversations/" + conversation + "/escalate", new JsonObject(), hub.adminToken()).json()
        .getLong("number");

    assertThat(answer(conversation, "Sorry! We are sending a new one.").getSubject()).isEqualTo("Re: Broken lamp [#" + number + "]");

    // Resolved; later the customer writes a new mail, without any threading header, naming the ticket.
    status(conversation, "resolved");
    receive(Mails.from("eve@example.com").to("support@shop.test").subject("About [#" + number + "]: the new one is broken too")
        .messageId("e2@example.com").body("Same problem."));
    assertThat(lastMessage(conversation).getString("externalId")).isEqualTo("e2@example.com");
    assertThat(conversationsOf("eve@example.com")).hasSize(1);
    // Someone else naming the number does not get into Eve's conversation.
    receive(Mails.from("mallory@example.com").to("support@shop.test").subject("[#" + number + "]").messageId("m1@example.com")
        .body("Let me in."));
    assertThat(conversationOf("mallory@example.com")).isNotEqualTo(conversation);
  }

  @Test
  void theReplyAddressTokenLeadsBackToAResolvedConversation() {
    receive(Mails.from("dee@example.com").to("support@shop.test").subject("Size").messageId("d1@example.com").body("Which size?"));
    String first = conversationOf("dee@example.com");
    status(first, "resolved");
    receive(Mails.from("dee@example.com").to("support@shop.test").subject("Colour").messageId("d2@example.com").body("Which colour?"));
    List<String> both = conversationsOf("dee@example.com");
    assertThat(both).hasSize(2);

    // A client that keeps no threading headers, answering to the Reply-To address.
    receive(Mails.from("dee@example.com").to("support+" + first + "@shop.test").subject("thanks").messageId("d3@example.com")
        .body("The size was right."), "support+" + first + "@shop.test");

    assertThat(lastMessage(first).getString("externalId")).isEqualTo("d3@example.com");
  }

  @Test
  void aBounceOfAnAnswerFailsItsDeliveryWithTheReason() throws Exception {
    receive(Mails.from("gone@example.org").to("support@shop.test").subject("Hi").messageId("g1@example.org").body("hello"));
    String conversation = conversationOf("gone@example.org");
    MimeMessage answer = answer(conversation, "Hello back");
    String replyId = lastMessage(conversation).getString("id");

    String dsn = "From: MAILER-DAEMON@mx.example.net\r\nTo: support@shop.test\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        + "Message-ID: <dsn-1@mx.example.net>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n"
        + "--b\r\nContent-Type: text/plain\r\n\r\nYour mail could not be delivered.\r\n"
        + "--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n"
        + "Final-Recipient: rfc822; gone@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\r\n\r\n"
        + "--b\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: " + answer.getMessageID() + "\r\nTo: gone@example.org\r\n\r\n--b--\r\n";
    assertThat(MailSender.sendOnce(smtpPort, dsn, "support@shop.test")).isEqualTo(250);

    Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      JsonObject delivery = messages(conversation).stream().filter(m -> m.getString("id").equals(replyId)).findFirst().orElseThrow()
          .getJsonObject("delivery");
      assertThat(delivery.getString("status")).isEqualTo("failed");
      assertThat(delivery.getString("lastError")).contains("5.1.1").contains("user unknown");
    });
    assertThat(messages(conversation).stream().map(m -> m.getString("externalId"))).doesNotContain("dsn-1@mx.example.net");
  }

  private static void receive(Mails mail) {
    receive(mail, "support@shop.test");
  }

  private static void receive(Mails mail, String recipient) {
    assertThat(MailSender.sendOnce(smtpPort, mail.raw(), recipient)).isEqualTo(250);
  }

  /** An agent's answer, as the outgoing server received it. */
  private static MimeMessage answer(String conversationId, String text) throws Exception {
    int before = relay.getReceivedMessages().length;
    HttpResult reply = hub.client().post("/api/v1/conversations/" + conversationId + "/messages", new JsonObject().put("text", text),
        hub.adminToken());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> relay.getReceivedMessages().length > before);
    String id = reply.json().getString("id");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(messages(conversationId).stream()
        .filter(m -> m.getString("id").equals(id)).findFirst().orElseThrow().getJsonObject("delivery").getString("status")));
    return Arrays.stream(relay.getReceivedMessages()).filter(message -> {
      try {
        return message.getMessageID().contains(id);
      } catch (Exception e) {
        return false;
      }
    }).findFirst().orElseThrow();
  }

  private static void status(String conversationId, String status) {
    assertThat(hub.client().post("/api/v1/conversations/" + conversationId + "/status", new JsonObject().put("status", status),
        hub.adminToken()).status()).isEqualTo(200);
  }

  private static String customerId(String email) {
    JsonArray found = hub.client().get("/api/v1/customers?identity=email:" + email, hub.adminToken()).items();
    assertThat(found).as("customer " + email).hasSize(1);
    return found.getJsonObject(0).getString("id");
  }

  private static List<String> conversationsOf(String email) {
    return hub.client().get("/api/v1/customers/" + customerId(email) + "/conversations", hub.adminToken()).items().stream()
        .map(item -> ((JsonObject) item).getString("id")).toList();
  }

  /** The customer's most recent conversation. */
  private static String conversationOf(String email) {
    return conversationsOf(email).get(0);
  }

  private static List<JsonObject> messages(String conversationId) {
    return hub.client().get("/api/v1/conversations/" + conversationId + "/messages", hub.adminToken()).items().stream()
        .map(JsonObject.class::cast).toList();
  }

  private static JsonObject lastMessage(String conversationId) {
    List<JsonObject> all = messages(conversationId).stream().filter(m -> !"system".equals(m.getString("direction"))).toList();
    return all.get(all.size() - 1);
  }
}
