package dev.omnihub.adapters.email;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * How to reach a mail server: the channel's {@code smtp} (sending) or {@code imap} (mailbox) settings.
 *
 * @param tls      {@code none}, {@code starttls} (upgrade a plain connection) or {@code ssl} (TLS from
 *                 the first byte)
 * @param user     login name, or {@code null} to send without authentication
 * @param password the login's password (stored encrypted; never shown again), or {@code null}
 */
public record MailServer(String host, int port, Tls tls, String user, String password) {

  /** How the connection is secured. */
  public enum Tls {
    NONE, STARTTLS, SSL;

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final List<String> TLS_NAMES = List.of("none", "starttls", "ssl");

  /**
   * @param defaultPort the port when none is given (587 for SMTP, 993 for IMAP)
   * @throws InputRejectedException naming the bad field
   */
  static MailServer from(JsonInput json, int defaultPort, Tls defaultTls) {
    String host = json.requiredString("host", 255).strip();
    if (!host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
      throw InputRejectedException.invalid(json.pathOf("host"), json.pathOf("host") + " must be a host name or an IP address");
    }
    Integer port = json.optionalInt("port", 1, 65535);
    String tls = json.optionalChoice("tls", TLS_NAMES);
    String user = json.optionalString("user", 320);
    String password = json.optionalString("password", 1024);
    return new MailServer(host, port == null ? defaultPort : port, tls == null ? defaultTls : Tls.valueOf(tls.toUpperCase(Locale.ROOT)),
        user == null || user.isBlank() ? null : user.strip(), password == null || password.isEmpty() ? null : password);
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject().put("host", host).put("port", port).put("tls", tls.wireName());
    if (user != null) {
      json.put("user", user);
    }
    if (password != null) {
      json.put("password", password);
    }
    return json;
  }

  @Override
  public String toString() {
    // Never print the password.
    return "MailServer[" + host + ":" + port + ", tls=" + tls.wireName() + ", user=" + user + "]";
  }
}
