package dev.omnihub.hub.attachments;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.MailSender;
import dev.omnihub.hub.testing.Mails;
import dev.omnihub.hub.testing.TwilioWebhooks;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Agents' files (docs/architecture.md "Agents' files"): uploaded once ({@code POST /api/v1/uploads}),
 * sent with a reply or note by id; an email reply carries them as attached parts over real SMTP, the
 * agents' API lists and serves them; SMS refuses them; an upload is its uploader's, and goes out once.
 */
class AgentAttachmentsTest {

  private static final String PASSWORD = "correct horse battery";

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  static final GreenMail relay = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    relay.start();
    HttpResult created = hub.client().post("/api/v1/channels", new JsonObject().put("type", "email").put("name", "Support")
        .put("address", "files@shop.test").put("smtp", new JsonObject().put("host", "127.0.0.1").put("port", relay.getSmtp().getPort())
            .put("tls", "none")), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    relay.stop();
  }

  @Test
  void anEmailReplyCarriesTheUploadedFilesAsAttachedParts() throws Exception {
    assertThat(MailSender.sendOnce(hub.hub().smtpPort(), Mails.from("ida@example.com").to("files@shop.test").subject("Invoice")
        .messageId("<invoice-1@example.com>").body("Please send me the invoice.").raw(), "files@shop.test")).isEqualTo(250);
    String conversation = conversationOf("email:ida@example.com");
    byte[] pdf = "%PDF-1.4 the invoice".getBytes(StandardCharsets.UTF_8);
    JsonObject upload = upload("Rechnung März.pdf", "application/pdf", pdf, hub.adminToken());
    assertThat(upload.getString("fileName")).isEqualTo("Rechnung März.pdf");
    assertThat(upload.getLong("size")).isEqualTo(pdf.length);

    HttpResult reply = hub.client().post("/api/v1/conversations/" + conversation + "/messages", new JsonObject()
        .put("text", "Here it is.").put("attachmentIds", new JsonArray().add(upload.getString("id"))), hub.adminToken());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    JsonObject listed = reply.json().getJsonArray("attachments").getJsonObject(0);
    assertThat(listed.getString("fileName")).isEqualTo("Rechnung März.pdf");
    HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(URI.create(hub.client().baseUrl() + "/api/v1/attachments/"
        + listed.getString("id"))).header("Authorization", "Bearer " + hub.adminToken()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(served.body()).isEqualTo(pdf);

    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> relay.getReceivedMessages().length == 1);
    MimeMessage mail = relay.getReceivedMessages()[0];
    MimeMultipart mixed = (MimeMultipart) mail.getContent();
    assertThat(mixed.getContentType()).startsWith("multipart/mixed");
    Part file = mixed.getBodyPart(1);
    assertThat(file.getDisposition()).isEqualTo(Part.ATTACHMENT);
    assertThat(file.getFileName()).isEqualTo("Rechnung März.pdf");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    file.getInputStream().transferTo(bytes);
    assertThat(bytes.toByteArray()).isEqualTo(pdf);

    HttpResult again = hub.client().post("/api/v1/conversations/" + conversation + "/messages", new JsonObject()
        .put("text", "And again.").put("attachmentIds", new JsonArray().add(upload.getString("id"))), hub.adminToken());
    assertThat(again.status()).as("an upload goes out once").isEqualTo(409);
    assertThat(again.errorCode()).isEqualTo("attachment_sent");
  }

  @Test
  void anUploadIsItsUploadersAndSmsRepliesRefuseFiles() throws Exception {
    HttpResult agent = hub.client().post("/api/v1/agents", new JsonObject().put("name", "Uma").put("email", "uma@desk.test")
        .put("password", PASSWORD).put("roles", new JsonArray().add("agent")), hub.adminToken());
    assertThat(agent.status()).isEqualTo(201);
    String uma = hub.client().login("uma@desk.test", PASSWORD);
    JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "App", null);
    String conversation = hub.client().webhook(channel, HubClient.message("f-1", new JsonObject().put("email", "fay@example.com"), "hi"))
        .json().getString("conversationId");
    JsonObject umasFile = upload("notes.txt", "text/plain", "mine".getBytes(StandardCharsets.UTF_8), uma);

    HttpResult foreign = hub.client().post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("text", "x")
        .put("private", true).put("attachmentIds", new JsonArray().add(umasFile.getString("id"))), hub.adminToken());
    assertThat(foreign.status()).as("another agent's upload").isEqualTo(404);

    HttpResult note = hub.client().post("/api/v1/conversations/" + conversation + "/messages", new JsonObject()
        .put("private", true).put("attachmentIds", new JsonArray().add(umasFile.getString("id"))), uma);
    assertThat(note.status()).as("a note of files only: " + note).isEqualTo(201);
    assertThat(note.json().getString("text")).isEmpty();
    assertThat(note.json().getJsonArray("attachments")).hasSize(1);

    HttpResult empty = send("/api/v1/uploads?fileName=empty.txt", "text/plain", new byte[0], uma);
    assertThat(empty.status()).isEqualTo(400);
    assertThat(send("/api/v1/uploads", "text/plain", new byte[] {1}, uma).errorField()).isEqualTo("fileName");

    JsonObject sms = hub.client().post("/api/v1/channels", new JsonObject().put("type", "sms").put("name", "SMS").put("accountSid", "AC1")
        .put("authToken", "secret").put("phoneNumber", "+4930999999").put("apiBaseUrl", "http://127.0.0.1:9"), hub.adminToken()).json();
    assertThat(new TwilioWebhooks(hub, "secret").sms(sms.getString("id"), "SM-files-1", "+4917099999999", "+4930999999", "a photo?"))
        .isEqualTo(200);
    String byText = conversationOf("phone:%2B4917099999999");
    JsonObject other = upload("photo.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}, uma);
    HttpResult bySms = hub.client().post("/api/v1/conversations/" + byText + "/messages", new JsonObject().put("text", "see")
        .put("attachmentIds", new JsonArray().add(other.getString("id"))), uma);
    assertThat(bySms.status()).as(bySms.toString()).isEqualTo(400);
    assertThat(bySms.errorField()).isEqualTo("attachmentIds");
    HttpResult asNote = hub.client().post("/api/v1/conversations/" + byText + "/messages", new JsonObject().put("private", true)
        .put("attachmentIds", new JsonArray().add(other.getString("id"))), uma);
    assertThat(asNote.status()).as("a refused send gives the file back: " + asNote).isEqualTo(201);
  }

  @Test
  void aFileDeclaredTooLargeIsRefusedAndTheSenderReadsWhy() throws Exception {
    for (int round = 0; round < 10; round++) {
      HttpResult tooLarge = send("/api/v1/uploads?fileName=big.bin", "application/octet-stream",
          new byte[(int) AttachmentStore.MAX_FILE_BYTES + 1], hub.adminToken());
      assertThat(tooLarge.status()).as("the refusal, not a reset, in round " + round).isEqualTo(413);
      assertThat(tooLarge.errorCode()).isEqualTo("payload_too_large");
    }
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", hub.hub().httpPort())) {
      socket.setSoTimeout(5_000);
      int declared = (int) AttachmentStore.MAX_FILE_BYTES + 1;
      var out = socket.getOutputStream();
      out.write(("POST /api/v1/uploads?fileName=big.bin HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + hub.adminToken()
          + "\r\nContent-Length: " + declared + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[declared]);
      out.flush();
      byte[] answer = socket.getInputStream().readAllBytes();
      assertThat(new String(answer, StandardCharsets.US_ASCII)).as("answered, then closed once the body ended")
          .startsWith("HTTP/1.1 413").contains("Connection: close");
    }
  }

  @Test
  void twoSendsRacingForOneUploadSendItOnce() throws Exception {
    JsonObject channel = hub.client().createApiChannel(hub.adminToken(), "Race", null);
    String conversation = hub.client().webhook(channel, HubClient.message("race-1", new JsonObject().put("email", "rae@example.com"), "hi"))
        .json().getString("conversationId");
    for (int round = 0; round < 5; round++) {
      String file = upload("race-" + round + ".txt", "text/plain", "once".getBytes(StandardCharsets.UTF_8), hub.adminToken()).getString("id");
      JsonObject body = new JsonObject().put("private", true).put("attachmentIds", new JsonArray().add(file));
      var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> hub.client().post("/api/v1/conversations/" + conversation
          + "/messages", body, hub.adminToken()).status());
      var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> hub.client().post("/api/v1/conversations/" + conversation
          + "/messages", body, hub.adminToken()).status());
      assertThat(java.util.List.of(first.get(), second.get())).as("round " + round).containsExactlyInAnyOrder(201, 409);
    }
  }

  private String conversationOf(String identity) {
    String customer = hub.client().get("/api/v1/customers?identity=" + identity, hub.adminToken()).items().getJsonObject(0).getString("id");
    return hub.client().get("/api/v1/customers/" + customer + "/conversations", hub.adminToken()).items().getJsonObject(0).getString("id");
  }

  private JsonObject upload(String fileName, String contentType, byte[] content, String token) throws Exception {
    HttpResult result = send("/api/v1/uploads?fileName=" + java.net.URLEncoder.encode(fileName, StandardCharsets.UTF_8), contentType, content,
        token);
    assertThat(result.status()).as(result.toString()).isEqualTo(201);
    return result.json();
  }

  private HttpResult send(String path, String contentType, byte[] content, String token) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(hub.client().baseUrl() + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
    return new HttpResult(response.statusCode(), response.body(), response.headers());
  }
}
