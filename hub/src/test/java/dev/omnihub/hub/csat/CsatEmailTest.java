package dev.omnihub.hub.csat;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubExtension;
import dev.omnihub.hub.testing.MailSender;
import dev.omnihub.hub.testing.Mails;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The survey by email over real SMTP both ways: the customer writes to the hub's listener, an agent
 * answers and resolves, GreenMail (the outgoing server) receives a mail whose link opens the survey's
 * page, and the page's form, posted as a phone's browser would, is the conversation's score.
 */
class CsatEmailTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  static final GreenMail relay = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
  private static final Pattern LINK = Pattern.compile("(https?://[^\\s\"<>]+/csat/[A-Za-z0-9:._-]+)");

  @BeforeAll
  static void start() {
    relay.start();
    HttpResult created = hub.client().post("/api/v1/channels", new JsonObject().put("type", "email").put("name", "Support")
        .put("address", "care@shop.test").put("fromName", "Shop Care")
        .put("smtp", new JsonObject().put("host", "127.0.0.1").put("port", relay.getSmtp().getPort()).put("tls", "none"))
        .put("csat", new JsonObject().put("enabled", true).put("question", "How was our help with your order?")), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    relay.stop();
  }

  @Test
  void theSurveyMailLinksToAPageWhoseFormIsTheAnswer() throws Exception {
    assertThat(MailSender.sendOnce(hub.hub().smtpPort(), Mails.from("mia@example.com").to("care@shop.test").subject("Order 7781")
        .messageId("<order-7781@example.com>").body("Where is my order?").raw(), "care@shop.test")).isEqualTo(250);
    String customer = hub.client().get("/api/v1/customers?identity=email:mia@example.com", hub.adminToken()).items().getJsonObject(0)
        .getString("id");
    String conversation = hub.client().get("/api/v1/customers/" + customer + "/conversations", hub.adminToken()).items().getJsonObject(0)
        .getString("id");
    assertThat(hub.client().post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("text", "It ships today."),
        hub.adminToken()).status()).isEqualTo(201);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> relay.getReceivedMessages().length == 1);
    assertThat(hub.client().post("/api/v1/conversations/" + conversation + "/status", new JsonObject().put("status", "resolved"),
        hub.adminToken()).status()).isEqualTo(200);

    Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> relay.getReceivedMessages().length == 2);
    MimeMessage survey = relay.getReceivedMessages()[1];
    assertThat(survey.getAllRecipients()[0].toString()).isEqualTo("mia@example.com");
    assertThat(survey.getSubject()).as("in the customer's thread").contains("Order 7781");
    String text = (String) ((MimeMultipart) survey.getContent()).getBodyPart(0).getContent();
    assertThat(text).startsWith("How was our help with your order?");
    Matcher link = LINK.matcher(text);
    assertThat(link.find()).as("a link in %s", text).isTrue();
    URI page = URI.create(link.group(1));

    HttpClient phone = HttpClient.newHttpClient();
    HttpResponse<String> form = phone.send(HttpRequest.newBuilder(page).header("Accept-Language", "zh-CN,zh;q=0.9").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("name=\"viewport\"").contains("lang=\"zh\"").contains("How was our help with your order?");
    HttpResponse<String> sent = phone.send(HttpRequest.newBuilder(page).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("score=3&comment=" + java.net.URLEncoder.encode("还可以", java.nio.charset.StandardCharsets.UTF_8)))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(sent.statusCode()).isEqualTo(200);
    JsonObject csat = hub.client().get("/api/v1/conversations/" + conversation, hub.adminToken()).json().getJsonObject("csat");
    assertThat(csat.getInteger("score")).isEqualTo(3);
    assertThat(csat.getString("comment")).isEqualTo("还可以");
    assertThat(Arrays.stream(relay.getReceivedMessages())).as("asked once").hasSize(2);
  }
}
