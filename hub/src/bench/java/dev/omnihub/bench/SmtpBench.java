package dev.omnihub.bench;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.MailSender;
import dev.omnihub.hub.testing.Mails;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Inbound SMTP throughput: closed-loop senders, each on its own SMTP connection, deliver ~20 KB mails
 * (a text part, its HTML twin and a quoted history, as a mail client writes them) to an email
 * channel of an in-process hub with its embedded store. Each mail counts once the hub answered 250,
 * which it does only after the mail is durable. Run it with {@code ./omnihub bench --smtp}.
 */
final class SmtpBench {

  private static final String USAGE = """
      usage: ./omnihub bench --smtp [--senders 8] [--duration SECONDS] [--warmup SECONDS] [--size BYTES]
        --senders   concurrent SMTP connections in closed loops; a comma-separated list runs each level (default 8)
        --duration  measured seconds per level (default 10)
        --warmup    unmeasured seconds before each window (default 3)
        --size      approximate size of each mail in bytes (default 20480)
      """;
  private static final String ADDRESS = "support@bench.test";
  /** Customers per sender: most mails continue a known customer's conversation, as on a real inbox. */
  private static final int CUSTOMERS_PER_SENDER = 100;

  private SmtpBench() {
  }

  record Settings(List<Integer> senders, Duration duration, Duration warmup, int size) {

    static Settings parse(String[] args) {
      List<Integer> senders = List.of(8);
      Duration duration = Duration.ofSeconds(10);
      Duration warmup = Duration.ofSeconds(3);
      int size = 20 * 1024;
      for (Map.Entry<String, String> option : BenchArgs.pairs(args).entrySet()) {
        String value = option.getValue();
        switch (option.getKey()) {
          case "--senders" -> senders = BenchArgs.numbers("--senders", value, 1);
          case "--duration" -> duration = Duration.ofSeconds(BenchArgs.number("--duration", value, 1));
          case "--warmup" -> warmup = Duration.ofSeconds(BenchArgs.number("--warmup", value, 0));
          case "--size" -> size = BenchArgs.number("--size", value, 512);
          default -> throw new IllegalArgumentException("unknown option " + option.getKey());
        }
      }
      return new Settings(senders, duration, warmup, size);
    }
  }

  static void main(String[] args) throws Exception {
    java.util.Optional<Settings> parsed = BenchArgs.settings(args, "bench --smtp", USAGE, Settings::parse);
    if (parsed.isEmpty()) {
      return;
    }
    Settings settings = parsed.get();
    Path dataDir = Files.createTempDirectory("omnihub-smtp-bench-");
    System.out.println(IngestLoadDriver.machineLine());
    System.out.printf(Locale.ROOT, "settings: senders %s, warm-up %d s + measured %d s per level, mails of about %d bytes "
            + "(text + HTML + quoted history), %d customers per sender; store: embedded, DATA_DIR %s%n",
        settings.senders(), settings.warmup().toSeconds(), settings.duration().toSeconds(), settings.size(), CUSTOMERS_PER_SENDER, dataDir);
    List<IngestLoadDriver.Phase> phases = new ArrayList<>();
    try (TestHub hub = TestHub.start(dataDir)) {
      HttpResult created = hub.client().post("/api/v1/channels", new JsonObject().put("type", "email").put("name", "Bench")
          .put("address", ADDRESS), hub.adminToken());
      if (created.status() != 201) {
        throw new IllegalStateException("could not create the email channel: " + created);
      }
      int port = hub.hub().smtpPort();
      IngestLoadDriver.Settings window = new IngestLoadDriver.Settings(settings.senders(), settings.duration(), settings.warmup(), false);
      for (int senders : settings.senders()) {
        List<MailSender> connections = new ArrayList<>();
        try {
          phases.add(IngestLoadDriver.measure("smtp", senders, window, hub.hub().services().metrics(), sender -> {
            MailSender connection = new MailSender(port);
            synchronized (connections) {
              connections.add(connection);
            }
            return seq -> {
              int code = connection.send(mail(senders, sender, seq, settings.size()), null, ADDRESS);
              if (code != 250) {
                throw new IngestLoadDriver.Rejected("SMTP " + code);
              }
            };
          }));
        } finally {
          connections.forEach(MailSender::close);
        }
      }
    } finally {
      IngestLoadDriver.deleteRecursively(dataDir);
    }
    System.out.println();
    System.out.println("senders | mails/s  p50 ms  p90 ms  p99 ms  max ms | MB/s | errors");
    for (int i = 0; i < phases.size(); i++) {
      IngestLoadDriver.Phase phase = phases.get(i);
      System.out.printf(Locale.ROOT, "%7d | %7.1f %7.2f %7.2f %7.2f %7.2f | %4.1f | %6d%n", settings.senders().get(i), phase.perSecond(),
          phase.millis(50), phase.millis(90), phase.millis(99), phase.millis(100), phase.perSecond() * settings.size() / (1024 * 1024),
          phase.errors());
    }
  }

  /** A customer's mail as a client writes it: multipart/alternative, a reply with its quoted history. */
  static String mail(int level, int sender, long seq, int size) {
    String id = "bench-" + level + "-" + sender + "-" + seq + "@mail.bench.test";
    String from = "c" + sender + "-" + ThreadLocalRandom.current().nextInt(CUSTOMERS_PER_SENDER) + "@customers.bench.test";
    int textChars = Math.max(200, (size - 1200) / 2);
    String history = historyOf(textChars);
    String text = "Hello, this is mail " + seq + ". My parcel has still not arrived, could you check again?\n\n"
        + "On Mon, 30 Nov 2026 at 09:00, Support <" + ADDRESS + "> wrote:\n" + history;
    String html = "<div>Hello, this is mail " + seq + ". My parcel has still not arrived, could you check again?</div>"
        + "<blockquote>" + history.replace("\n", "<br>\n") + "</blockquote>";
    return Mails.from("Customer <" + from + ">").to(ADDRESS).subject("Re: Where is my parcel? #" + sender).messageId(id)
        .header("Content-Type", "multipart/alternative; boundary=\"b1\"")
        .body("--b1\nContent-Type: text/plain; charset=UTF-8\n\n" + text + "\n--b1\nContent-Type: text/html; charset=UTF-8\n\n"
            + html + "\n--b1--")
        .raw();
  }

  private static String historyOf(int chars) {
    StringBuilder history = new StringBuilder();
    String line = "> We have sent your parcel with the carrier; the tracking number follows in a separate mail.\n";
    while (history.length() < chars) {
      history.append(line);
    }
    return history.substring(0, chars);
  }
}
