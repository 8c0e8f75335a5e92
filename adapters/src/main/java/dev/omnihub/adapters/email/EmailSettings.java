package dev.omnihub.adapters.email;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Settings of an {@code email} channel (API.md "email").
 *
 * @param address  the inbox address customers write to, lower-cased ({@code support@acme.test})
 * @param fromName the name on outgoing mail, or {@code null} for the channel's name
 * @param smtp     where replies are sent, or {@code null} when the channel only receives
 * @param imap     the mailbox to poll, or {@code null} when mail arrives by SMTP only
 */
public record EmailSettings(String address, String fromName, MailServer smtp, Imap imap) {

  public static final int DEFAULT_SMTP_PORT = 587;
  public static final int DEFAULT_IMAP_PORT = 993;
  public static final int DEFAULT_POLL_SECONDS = 60;
  public static final int MIN_POLL_SECONDS = 5;

  /**
   * The mailbox an IMAP poller reads.
   *
   * @param folder      the folder to read ({@code INBOX})
   * @param pollSeconds how often to look when the server offers no IDLE, and how often IDLE is renewed
   */
  public record Imap(MailServer server, String folder, int pollSeconds) {
  }

  /** @throws InputRejectedException naming the bad field */
  public static EmailSettings from(JsonObject options) {
    JsonInput json = JsonInput.of(options);
    String address = json.requiredString("address", 320).strip().toLowerCase(Locale.ROOT);
    if (!MailAddresses.isAddress(address) || address.indexOf('+') >= 0) {
      throw InputRejectedException.invalid("address", "address must be a mail address such as support@example.com, without a '+' part");
    }
    String fromName = json.optionalString("fromName", 200);
    JsonInput smtp = json.optionalObject("smtp");
    JsonInput imap = json.optionalObject("imap");
    return new EmailSettings(address, fromName == null || fromName.isBlank() ? null : fromName.strip(),
        smtp == null ? null : MailServer.from(smtp, DEFAULT_SMTP_PORT, MailServer.Tls.STARTTLS),
        imap == null ? null : imap(imap));
  }

  private static Imap imap(JsonInput json) {
    MailServer server = MailServer.from(json, DEFAULT_IMAP_PORT, MailServer.Tls.SSL);
    if (server.user() == null || server.password() == null) {
      throw InputRejectedException.invalid(json.pathOf("user"), "imap needs user and password to log in to the mailbox");
    }
    String folder = json.optionalString("folder", 200);
    Integer poll = json.optionalInt("pollSeconds", MIN_POLL_SECONDS, 24 * 3600);
    return new Imap(server, folder == null || folder.isBlank() ? "INBOX" : folder.strip(), poll == null ? DEFAULT_POLL_SECONDS : poll);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("address", address);
    if (fromName != null) {
      json.put("fromName", fromName);
    }
    if (smtp != null) {
      json.put("smtp", smtp.toJson());
    }
    if (imap != null) {
      json.put("imap", imap.server().toJson().put("folder", imap.folder()).put("pollSeconds", imap.pollSeconds()));
    }
    return json;
  }

  /** The domain of the inbox address: Message-IDs of sent mail are made under it. */
  public String domain() {
    return address.substring(address.lastIndexOf('@') + 1);
  }
}
