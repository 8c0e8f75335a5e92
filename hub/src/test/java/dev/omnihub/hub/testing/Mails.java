package dev.omnihub.hub.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Raw mails for tests, built header by header. */
public final class Mails {

  private final Map<String, String> headers = new LinkedHashMap<>();
  private String body = "";

  private Mails() {
  }

  public static Mails from(String from) {
    Mails mail = new Mails();
    mail.headers.put("From", from);
    mail.headers.put("Date", "Tue, 1 Dec 2026 10:00:00 +0000");
    mail.headers.put("MIME-Version", "1.0");
    mail.headers.put("Content-Type", "text/plain; charset=UTF-8");
    return mail;
  }

  public Mails to(String to) {
    return header("To", to);
  }

  public Mails subject(String subject) {
    return header("Subject", subject);
  }

  /** {@code id} without angle brackets. */
  public Mails messageId(String id) {
    return header("Message-ID", "<" + id + ">");
  }

  public Mails inReplyTo(String id) {
    return header("In-Reply-To", "<" + id + ">");
  }

  public Mails references(String... ids) {
    return header("References", java.util.Arrays.stream(ids).map(id -> "<" + id + ">").collect(Collectors.joining(" ")));
  }

  public Mails header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public Mails body(String body) {
    this.body = body;
    return this;
  }

  public String raw() {
    StringBuilder raw = new StringBuilder();
    headers.forEach((name, value) -> raw.append(name).append(": ").append(value).append("\r\n"));
    return raw.append("\r\n").append(body.replace("\r\n", "\n").replace("\n", "\r\n")).append("\r\n").toString();
  }
}
