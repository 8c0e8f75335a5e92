package dev.omnihub.hub.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.MailSender;
import dev.omnihub.hub.testing.Mails;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mail delivered to the hub's SMTP port: answered 250 only once stored, 550 for an address no channel
 * owns, 552 over the size limit; a malformed mail is stored as far as it can be read; a resend is
 * stored once; an auto-reply from a stranger starts nothing.
 */
class SmtpInboundTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  static int smtpPort;
  static String channelId;

  @BeforeAll
  static void createChannel() {
    smtpPort = hub.hub().smtpPort();
    HttpResult created = hub.client().post("/api/v1/channels", new JsonObject().put("type", "email").put("name", "Support")
        .put("address", "support@shop.test"), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    channelId = created.json().getString("id");
  }

  @Test
  void theHubListensForMailOnTheSmtpPortItAnnounces() {
    assertThat(smtpPort).isPositive();
  }

  @Test
  void aMailIsStoredWithItsSubjectNewTextQuotedHistoryAndSender() {
    String raw = Mails.from("Ana Lima <Ana@Example.com>").to("support@shop.test").subject("Where is my order?")
        .messageId("first-1@mail.example.com")
        .body("Hi, my order #1234 has not arrived.\n\nOn Mon, 30 Nov 2026 at 09:00, Shop <support@shop.test> wrote:\n> Your order shipped.")
        .raw();

    assertThat(MailSender.sendOnce(smtpPort, raw, "support@shop.test")).isEqualTo(250);

    JsonObject message = lastMessageOf("ana@example.com");
    assertThat(message.getString("channel")).isEqualTo("email");
    assertThat(message.getString("channelId")).isEqualTo(channelId);
    assertThat(message.getString("subject")).isEqualTo("Where is my order?");
    assertThat(message.getString("text")).isEqualTo("Hi, my order #1234 has not arrived.");
    assertThat(message.getString("quoted")).startsWith("On Mon, 30 Nov 2026").contains("Your order shipped.");
    assertThat(message.getString("externalId")).isEqualTo("first-1@mail.example.com");
    assertThat(message.getString("sentAt")).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(message.getJsonObject("author").getString("name")).isEqualTo("Ana Lima");
  }

  @Test
  void anAddressNoChannelOwnsIsRefusedAtRcptTo() {
    String raw = Mails.from("ana@example.com").to("sales@shop.test").subject("hello").messageId("stray-1@x").body("hi").raw();

    assertThat(MailSender.sendOnce(smtpPort, raw, "sales@shop.test")).isEqualTo(550);
  }

  @Test
  void aMailToTheReplyAddressOfAConversationIsAccepted() {
    String raw = Mails.from("plus@example.com").to("support+abc123@shop.test").subject("hello").messageId("plus-1@x").body("hi").raw();

    assertThat(MailSender.sendOnce(smtpPort, raw, "Support+abc123@Shop.test")).isEqualTo(250);
    assertThat(lastMessageOf("plus@example.com").getString("text")).isEqualTo("hi");
  }

  @Test
  void aMailOverTheSizeLimitIsRefusedWith552() {
    String raw = Mails.from("big@example.com").to("support@shop.test").subject("big").messageId("big-1@x")
        .body("x".repeat(1000) + "\n").raw();
    StringBuilder huge = new StringBuilder(raw);
    String line = "y".repeat(998) + "\r\n";
    while (huge.length() < 26 * 1024 * 1024) {
      huge.append(line);
    }

    assertThat(MailSender.sendOnce(smtpPort, huge.toString(), "support@shop.test")).isEqualTo(552);
    assertThat(customer("big@example.com")).isNull();
  }

  @Test
  void aMalformedMailIsStoredAsFarAsItCanBeRead() {
    String raw = "From: broken@example.com\r\nTo: support@shop.test\r\nSubject: =?utf-8?B?broken\r\nMessage-ID: <broken-1@x>\r\n"
        + "Content-Type: multipart/mixed; boundary=\"nowhere\"\r\n\r\n--elsewhere\r\nnot a part at all\r\n";

    assertThat(MailSender.sendOnce(smtpPort, raw, "support@shop.test")).isEqualTo(250);
    assertThat(lastMessageOf("broken@example.com").getString("text")).isNotNull();
  }

  @Test
  void aResentMailIsStoredOnce() {
    String raw = Mails.from("twice@example.com").to("support@shop.test").subject("again").messageId("twice-1@x").body("only once").raw();

    try (MailSender sender = new MailSender(smtpPort)) {
      assertThat(sender.send(raw, null, "support@shop.test")).isEqualTo(250);
      assertThat(sender.send(raw, null, "support@shop.test")).isEqualTo(250);
    }

    assertThat(messagesOf("twice@example.com")).hasSize(1);
  }

  @Test
  void anAutoReplyFromAStrangerStartsNoConversation() {
    String raw = Mails.from("robot@example.com").to("support@shop.test").subject("Out of office").messageId("ooo-1@x")
        .header("Auto-Submitted", "auto-replied").body("I am away until Monday.").raw();

    assertThat(MailSender.sendOnce(smtpPort, raw, "support@shop.test")).isEqualTo(250);
    assertThat(customer("robot@example.com")).isNull();
  }

  @Test
  void anAutoReplyOfAKnownCustomerIsASystemLineThatDoesNotReopenOrWaitForAnAnswer() {
    String first = Mails.from("away@example.com").to("support@shop.test").subject("question").messageId("away-1@x").body("hello?").raw();
    assertThat(MailSender.sendOnce(smtpPort, first, "support@shop.test")).isEqualTo(250);
    String conversationId = lastMessageOf("away@example.com").getString("conversationId");
    hub.client().post("/api/v1/conversations/" + conversationId + "/status", new JsonObject().put("status", "resolved"), hub.adminToken());

    String autoReply = Mails.from("away@example.com").to("support@shop.test").subject("Automatic reply: question")
        .messageId("away-2@x").inReplyTo("away-1@x").header("Auto-Submitted", "auto-replied").body("I am on holiday.").raw();
    assertThat(MailSender.sendOnce(smtpPort, autoReply, "support@shop.test")).isEqualTo(250);

    List<JsonObject> automated = messagesOf("away@example.com").stream().filter(m -> "away-2@x".equals(m.getString("externalId"))).toList();
    assertThat(automated).hasSize(1);
    JsonObject line = automated.get(0);
    assertThat(line.getString("direction")).isEqualTo("system");
    assertThat(line.getJsonObject("author").getString("type")).isEqualTo("system");
    assertThat(line.getString("conversationId")).isEqualTo(conversationId);
    JsonObject conversation = hub.client().get("/api/v1/conversations/" + conversationId, hub.adminToken()).json();
    assertThat(conversation.getString("status")).isEqualTo("resolved");
  }

  @Test
  void aMailsAttachmentsAreStoredOnceAndServedToAgentsAsDownloads() throws Exception {
    byte[] pdf = new byte[3 * 1024 * 1024];
    new java.util.Random(7).nextBytes(pdf);
    String encoded = java.util.Base64.getMimeEncoder().encodeToString(pdf);
    String raw = Mails.from("files@example.com").to("support@shop.test").subject("invoice").messageId("files-1@x")
        .header("Content-Type", "multipart/mixed; boundary=\"m\"")
        .body("--m\nContent-Type: text/plain; charset=UTF-8\n\nThe invoice is attached.\n--m\n"
            + "Content-Type: application/pdf\nContent-Disposition: attachment; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf\n"
            + "Content-Transfer-Encoding: base64\n\n" + encoded + "\n--m--")
        .raw();

    try (MailSender sender = new MailSender(smtpPort)) {
      assertThat(sender.send(raw, null, "support@shop.test")).isEqualTo(250);
      assertThat(sender.send(raw, null, "support@shop.test")).isEqualTo(250);
    }

    JsonObject message = lastMessageOf("files@example.com");
    assertThat(message.getString("text")).isEqualTo("The invoice is attached.");
    JsonObject attachment = message.getJsonArray("attachments").getJsonObject(0);
    assertThat(attachment.getString("fileName")).isEqualTo("Rechnung März.pdf");
    assertThat(attachment.getString("contentType")).isEqualTo("application/pdf");
    assertThat(attachment.getLong("size")).isEqualTo(pdf.length);
    java.net.http.HttpResponse<byte[]> download = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(hub.client().baseUrl() + attachment.getString("url"))).header("Authorization", "Bearer " + hub.adminToken())
        .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(pdf);
    assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;");
    assertThat(download.headers().firstValue("Content-Security-Policy").orElseThrow()).isEqualTo("sandbox");
    assertThat(download.headers().firstValue("X-Content-Type-Options")).as("never sniffed into a page").contains("nosniff");
    assertThat(hub.client().get(attachment.getString("url"), null).status()).isEqualTo(401);
    long files = hub.hub().services().mongo().read(() -> hub.hub().services().mongo().collection("attachments.files")
        .countDocuments()).await(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(files).isEqualTo(1);
  }

  private static JsonObject customer(String email) {
    JsonArray found = hub.client().get("/api/v1/customers?identity=email:" + email, hub.adminToken()).items();
    return found.isEmpty() ? null : found.getJsonObject(0);
  }

  static List<JsonObject> messagesOf(String email) {
    JsonObject customer = customer(email);
    assertThat(customer).as("customer " + email).isNotNull();
    List<JsonObject> messages = new java.util.ArrayList<>();
    for (Object conversation : hub.client().get("/api/v1/customers/" + customer.getString("id") + "/conversations", hub.adminToken()).items()) {
      hub.client().get("/api/v1/conversations/" + ((JsonObject) conversation).getString("id") + "/messages", hub.adminToken()).items()
          .forEach(item -> messages.add((JsonObject) item));
    }
    messages.sort(java.util.Comparator.comparing(message -> message.getString("createdAt")));
    return messages;
  }

  private static JsonObject lastMessageOf(String email) {
    List<JsonObject> messages = messagesOf(email);
    return messages.get(messages.size() - 1);
  }
}
