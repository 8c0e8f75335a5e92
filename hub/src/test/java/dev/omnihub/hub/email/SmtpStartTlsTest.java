package dev.omnihub.hub.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.Mails;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a certificate configured the SMTP listener offers STARTTLS, and mail sent over TLS is taken; without one it offers none. */
class SmtpStartTlsTest {

  @TempDir
  Path dataDir;

  @Test
  void aConfiguredCertificateIsOfferedWithStartTlsAndMailArrivesOverTls() throws Exception {
    Path keyStore = dataDir.resolve("smtp.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
        "-alias", "smtp", "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", keyStore.toString(), "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

    try (TestHub hub = TestHub.start(dataDir, Map.of("TLS_KEYSTORE", keyStore.toString(), "TLS_KEYSTORE_PASSWORD", "changeit"))) {
      HttpResult created = hub.client().post("/api/v1/channels", new JsonObject().put("type", "email").put("name", "Support")
          .put("address", "support@tls.test"), hub.adminToken());
      assertThat(created.status()).isEqualTo(201);
      assertThat(ehlo(hub.hub().smtpPort())).anyMatch(line -> line.contains("STARTTLS"));

      Properties properties = new Properties();
      properties.setProperty("mail.smtp.host", "127.0.0.1");
      properties.setProperty("mail.smtp.port", Integer.toString(hub.hub().smtpPort()));
      properties.setProperty("mail.smtp.starttls.enable", "true");
      properties.setProperty("mail.smtp.starttls.required", "true");
      properties.setProperty("mail.smtp.ssl.trust", "*");
      Session session = Session.getInstance(properties);
      String raw = Mails.from("secure@example.com").to("support@tls.test").subject("over tls").messageId("tls-1@x").body("encrypted").raw();
      try (SMTPTransport transport = (SMTPTransport) session.getTransport("smtp")) {
        transport.connect();
        transport.sendMessage(new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))),
            new InternetAddress[] {new InternetAddress("support@tls.test")});
        assertThat(transport.getLastReturnCode()).isEqualTo(250);
        assertThat(transport.isSSL()).as("the connection was upgraded to TLS").isTrue();
      }
      assertThat(hub.client().get("/api/v1/customers?identity=email:secure@example.com", hub.adminToken()).items()).hasSize(1);
    }
  }

  @Test
  void withoutACertificateNoStartTlsIsOffered() throws Exception {
    try (TestHub hub = TestHub.start(dataDir)) {
      assertThat(ehlo(hub.hub().smtpPort())).isNotEmpty().noneMatch(line -> line.contains("STARTTLS"));
    }
  }

  /** The EHLO answer's lines. */
  private static List<String> ehlo(int port) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.US_ASCII)) {
      in.readLine();
      out.print("EHLO client.test\r\n");
      out.flush();
      List<String> lines = new ArrayList<>();
      String line;
      do {
        line = in.readLine();
        lines.add(line);
      } while (line != null && line.startsWith("250-"));
      out.print("QUIT\r\n");
      out.flush();
      return lines;
    }
  }
}
