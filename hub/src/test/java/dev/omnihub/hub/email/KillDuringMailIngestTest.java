package dev.omnihub.hub.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubProcess;
import dev.omnihub.hub.testing.MailSender;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub process is killed with SIGKILL while eight SMTP senders deliver to it and its IMAP poller
 * reads a mailbox that keeps filling. After the restart, every mail it answered 250 is stored exactly
 * once (and a resend of it is recognised), and every mail in the mailbox is stored exactly once: the
 * poller resumes where the last durable position left it.
 */
class KillDuringMailIngestTest {

  private static final String ADDRESS = "support@kill.test";
  private static final int SENDERS = 8;
  private static final int IMAP_SENDERS = 4;
  private static final int PRELOADED = 120;
  private static final int ACKS_BEFORE_KILL = 250;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  @TempDir
  Path dataDir;
  private GreenMail mailServer;
  private GreenMailUser mailbox;
  private final Map<String, String> raws = new ConcurrentHashMap<>();
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final Set<String> unanswered = ConcurrentHashMap.newKeySet();
  private final Set<String> inMailbox = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void startMailServer() {
    mailServer = new GreenMail(new ServerSetup[] {ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort()});
    mailServer.start();
    mailbox = mailServer.setUser(ADDRESS, "support", "pw");
  }

  @AfterEach
  void stopMailServer() {
    mailServer.stop();
  }

  @Test
  void everyMailAnswered250OrInTheMailboxIsStoredExactlyOnceAfterSigkill() throws Exception {
    for (int i = 0; i < PRELOADED; i++) {
      putInMailbox(i);
    }
    try (HubProcess first = HubProcess.fromClasspath(dataDir, Map.of())) {
      first.awaitListening(START_TIMEOUT);
      HubClient client = first.client();
      String token = client.login(TestHub.ADMIN_EMAIL, TestHub.ADMIN_PASSWORD);
      HttpResult created = client.post("/api/v1/channels", new JsonObject().put("type", "email").put("name", "Kill")
          .put("address", ADDRESS).put("imap", new JsonObject().put("host", "127.0.0.1").put("port", mailServer.getImap().getPort())
              .put("tls", "none").put("user", "support").put("password", "pw").put("pollSeconds", 5)), token);
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      sendUntilKilled(first);
    }
    try (HubProcess next = HubProcess.fromClasspath(dataDir, Map.of())) {
      next.awaitListening(START_TIMEOUT);
      HubClient client = next.client();
      String token = client.login(TestHub.ADMIN_EMAIL, TestHub.ADMIN_PASSWORD);

      Map<String, Integer> stored = storedMails(client, token);
      assertThat(stored.values()).as("no mail stored twice after the kill").allMatch(count -> count == 1);
      assertThat(stored.keySet()).as("every mail answered 250 is stored").containsAll(acknowledged);

      try (MailSender sender = new MailSender(next.smtpPort())) {
        for (String id : acknowledged) {
          assertThat(sender.send(raws.get(id), null, ADDRESS)).isEqualTo(250);
        }
        for (String id : unanswered) {
          assertThat(sender.send(raws.get(id), null, ADDRESS)).isEqualTo(250);
        }
      }
      try {
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
            .until(() -> storedMails(client, token).keySet().containsAll(inMailbox));
      } catch (ConditionTimeoutException e) {
        Set<String> missing = new HashSet<>(inMailbox);
        missing.removeAll(storedMails(client, token).keySet());
        throw new AssertionError(missing.size() + " of the " + inMailbox.size() + " mails in the mailbox not stored after 120 s; the hub said:\n"
            + String.join("\n", next.output().subList(Math.max(0, next.output().size() - 80), next.output().size())), e);
      }
      Map<String, Integer> after = storedMails(client, token);
      assertThat(after.values()).as("no mail stored twice after resends and the poller's restart").allMatch(count -> count == 1);
      assertThat(after.keySet()).containsAll(acknowledged).containsAll(unanswered).containsAll(inMailbox);
      next.terminate(Duration.ofSeconds(30));
    }
  }

  private void sendUntilKilled(HubProcess hub) throws Exception {
    AtomicBoolean killed = new AtomicBoolean();
    AtomicInteger acks = new AtomicInteger();
    try (ExecutorService senders = Executors.newFixedThreadPool(SENDERS + 1)) {
      for (int s = 0; s < SENDERS; s++) {
        int senderNo = s;
        senders.submit(() -> {
          try (MailSender sender = new MailSender(hub.smtpPort())) {
            for (int seq = 0; !killed.get(); seq++) {
              String id = "s" + senderNo + "-" + seq + "@senders.test";
              String raw = Mails.from("sender-" + senderNo + "@kill.test").to(ADDRESS).subject("mail " + seq).messageId(id)
                  .body("Mail number " + seq + " of sender " + senderNo).raw();
              raws.put(id, raw);
              unanswered.add(id);
              if (sender.send(raw, null, ADDRESS) == 250) {
                unanswered.remove(id);
                acknowledged.add(id);
                acks.incrementAndGet();
              }
            }
          } catch (RuntimeException connectionLost) {
            return null;
          }
          return null;
        });
      }
      // The mailbox fills at the pace of the SMTP acks (one mail for every two), so a slow machine does not
      // bury the poller under thousands of mails before the kill.
      senders.submit(() -> {
        for (int i = PRELOADED; !killed.get(); i++) {
          while (!killed.get() && acks.get() < 2 * (i - PRELOADED)) {
            Thread.sleep(5);
          }
          putInMailbox(i);
        }
        return null;
      });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (acks.get() < ACKS_BEFORE_KILL) {
        if (System.nanoTime() > deadline) {
          killed.set(true);
          throw new AssertionError("only " + acks.get() + " mails answered 250 in 120 s:\n" + String.join("\n", hub.output()));
        }
        Thread.sleep(5);
      }
      hub.kill();
      killed.set(true);
      senders.shutdown();
      assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  private void putInMailbox(int i) throws Exception {
    String id = "m" + i + "@mailbox.test";
    String raw = Mails.from("reader-" + (i % IMAP_SENDERS) + "@kill.test").to(ADDRESS).subject("imap " + i).messageId(id)
        .body("Mail " + i + " in the mailbox").raw();
    mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
    inMailbox.add(id);
  }

  /** How often each Message-ID is stored, over every sender's conversations. */
  private static Map<String, Integer> storedMails(HubClient client, String token) {
    Map<String, Integer> seen = new HashMap<>();
    List<String> senders = new ArrayList<>();
    for (int s = 0; s < SENDERS; s++) {
      senders.add("sender-" + s + "@kill.test");
    }
    for (int r = 0; r < IMAP_SENDERS; r++) {
      senders.add("reader-" + r + "@kill.test");
    }
    for (String email : senders) {
      JsonArray customers = client.get("/api/v1/customers?identity=email:" + email, token).items();
      if (customers.isEmpty()) {
        continue;
      }
      for (Object conversation : client.get("/api/v1/customers/" + customers.getJsonObject(0).getString("id") + "/conversations", token)
          .items()) {
        String cursor = null;
        do {
          String path = "/api/v1/conversations/" + ((JsonObject) conversation).getString("id") + "/messages?limit=200"
              + (cursor == null ? "" : "&cursor=" + cursor);
          JsonObject page = client.get(path, token).json();
          page.getJsonArray("items").forEach(item -> seen.merge(((JsonObject) item).getString("externalId"), 1, Integer::sum));
          cursor = page.getString("next");
        } while (cursor != null);
      }
    }
    return seen;
  }
}
