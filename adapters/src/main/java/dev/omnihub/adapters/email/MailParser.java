package dev.omnihub.adapters.email;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/**
 * Reads a raw mail (RFC 5322, MIME) into a {@link ParsedMail} with Jakarta Mail. It never throws for
 * what a sender wrote: a part it cannot read is skipped and named in {@link ParsedMail#problem()}, and
 * a mail it cannot read at all keeps its raw source as text.
 */
public final class MailParser {

  private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");
  private static final int MAX_DEPTH = 20;
  /** The HTML agents may see: formatting, links, tables and images; no scripts, styles or handlers. */
  private static final Safelist HTML = Safelist.relaxed().addProtocols("img", "src", "cid", "data");

  private final Session session;

  public MailParser() {
    Properties properties = new Properties();
    // Lenient where real senders are sloppy: bad encodings, unquoted parameters, odd line endings.
    properties.setProperty("mail.mime.decodetext.strict", "false");
    properties.setProperty("mail.mime.parameters.strict", "false");
    properties.setProperty("mail.mime.base64.ignoreerrors", "true");
    properties.setProperty("mail.mime.uudecode.ignoreerrors", "true");
    properties.setProperty("mail.mime.ignoreunknownencoding", "true");
    properties.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
    properties.setProperty("mail.mime.multipart.allowempty", "true");
    this.session = Session.getInstance(properties);
  }

  public ParsedMail parse(byte[] raw) {
    MimeMessage message;
    try {
      message = new MimeMessage(session, new ByteArrayInputStream(raw));
    } catch (MessagingException e) {
      return unreadable(raw, e);
    }
    Body body = new Body();
    try {
      collect(message, body, 0);
    } catch (MessagingException | IOException | RuntimeException e) {
      body.problem("part of the body could not be read: " + e.getMessage());
    }
    try {
      String html = body.html == null ? null : Jsoup.clean(body.html, "", HTML);
      String text = body.text != null ? body.text : body.html != null ? htmlText(body.html) : "";
      InternetAddress sender = sender(message);
      return new ParsedMail(firstId(header(message, "Message-ID")), firstId(header(message, "In-Reply-To")),
          ids(header(message, "References")), sender == null ? null : sender.getAddress().toLowerCase(Locale.ROOT),
          sender == null ? null : sender.getPersonal(), recipients(message), subject(message), text, html, body.attachments,
          isAutomatic(message, body), body.problem, body.bounce(), sentAt(message));
    } catch (MessagingException | RuntimeException e) {
      return unreadable(raw, e);
    }
  }

  /** The text of an HTML body with its line structure: a line per block and per {@code <br>}. */
  static String htmlText(String html) {
    Document document = Jsoup.parse(html);
    document.select("script, style, head").remove();
    document.select("br").after("\n");
    document.select("p, div, tr, li, blockquote, h1, h2, h3, h4, h5, h6").after("\n");
    String text = document.body() == null ? document.wholeText() : document.body().wholeText();
    return text.replace("\r", "").replaceAll("[ \t\u00A0]*\n[ \t\u00A0]*", "\n").replaceAll("\n{3,}", "\n\n").strip();
  }

  private static ParsedMail unreadable(byte[] raw, Exception e) {
    return new ParsedMail(null, null, List.of(), null, null, List.of(), null, new String(raw, StandardCharsets.ISO_8859_1), null,
        List.of(), false, "the mail could not be read: " + e.getMessage(), null, null);
  }

  /** What the parts add up to: the first text/plain and text/html of the main body, and the files. */
  private static final class Body {
    String text;
    String html;
    boolean report;
    InternetHeaders deliveryStatus;
    String reportedMessageId;
    final List<MailAttachment> attachments = new ArrayList<>();
    String problem;

    MailBounce bounce() {
      if (!report || (deliveryStatus == null && reportedMessageId == null)) {
        return null;
      }
      String action = field(deliveryStatus, "Action");
      return new MailBounce(reportedMessageId, address(field(deliveryStatus, "Final-Recipient")),
          action == null ? null : action.toLowerCase(Locale.ROOT), field(deliveryStatus, "Status"),
          field(deliveryStatus, "Diagnostic-Code"));
    }

    /** {@code rfc822; ana@example.org} → {@code ana@example.org}. */
    private static String address(String typed) {
      return typed == null ? null : typed.substring(typed.indexOf(';') + 1).strip();
    }

    private static String field(InternetHeaders headers, String name) {
      String value = headers == null ? null : headers.getHeader(name, " ");
      return value == null || value.isBlank() ? null : MimeUtility.unfold(value).replaceAll("\\s+", " ").strip();
    }

    void problem(String what) {
      problem = problem == null ? what : problem + "; " + what;
    }
  }

  private void collect(Part part, Body body, int depth) throws MessagingException, IOException {
    if (depth > MAX_DEPTH) {
      body.problem("MIME parts nested deeper than " + MAX_DEPTH);
      return;
    }
    String type = baseType(part);
    String disposition = part.getDisposition();
    boolean attached = Part.ATTACHMENT.equalsIgnoreCase(disposition) || (part.getFileName() != null && !type.startsWith("text/"));
    if (type.startsWith("multipart/")) {
      if (type.equals("multipart/report")) {
        body.report = true;
      }
      Object content = part.getContent();
      if (content instanceof Multipart multipart) {
        for (int i = 0; i < multipart.getCount(); i++) {
          BodyPart child = multipart.getBodyPart(i);
          try {
            collect(child, body, depth + 1);
          } catch (MessagingException | IOException | RuntimeException e) {
            body.problem("part " + (i + 1) + " of a " + type + " could not be read: " + e.getMessage());
          }
        }
      }
    } else if (body.report && type.equals("message/delivery-status")) {
      body.deliveryStatus = deliveryStatus(part);
    } else if (body.report && (type.equals("text/rfc822-headers") || type.equals("message/rfc822"))) {
      try (InputStream in = part.getInputStream()) {
        body.reportedMessageId = firstId(new InternetHeaders(in).getHeader("Message-ID", " "));
      }
    } else if (!attached && type.equals("text/plain") && body.text == null) {
      body.text = text(part);
    } else if (!attached && type.equals("text/html") && body.html == null) {
      body.html = text(part);
    } else if (type.equals("message/rfc822") && !attached && part.getContent() instanceof MimeMessage nested && body.text == null
        && body.html == null) {
      collect(nested, body, depth + 1);
    } else {
      body.attachments.add(attachment(part, type));
    }
  }

  /**
   * The per-recipient fields of a delivery-status part (RFC 3464): a block of per-message fields, then
   * one block per recipient; the first recipient's block is kept (we send each mail to one person).
   */
  private static InternetHeaders deliveryStatus(Part part) throws MessagingException, IOException {
    byte[] raw;
    try (InputStream in = part.getInputStream()) {
      raw = in.readAllBytes();
    }
    InputStream blocks = new ByteArrayInputStream(raw);
    InternetHeaders perMessage = new InternetHeaders(blocks);
    InternetHeaders perRecipient = new InternetHeaders(blocks);
    return perRecipient.getAllHeaderLines().hasMoreElements() ? perRecipient : perMessage;
  }

  private static MailAttachment attachment(Part part, String type) throws MessagingException, IOException {
    byte[] content;
    try (InputStream in = part.getInputStream()) {
      content = in.readAllBytes();
    }
    String name = part.getFileName();
    if (name != null) {
      try {
        name = MimeUtility.decodeText(name);
      } catch (UnsupportedEncodingException e) {
        // keep the name as it came
      }
    } else {
      name = "attachment." + type.substring(type.indexOf('/') + 1);
    }
    String contentId = part instanceof MimePart mime ? firstId(mime.getContentID()) : null;
    return new MailAttachment(name, type, Part.INLINE.equalsIgnoreCase(part.getDisposition()) || contentId != null, contentId, content);
  }

  /** A text part in its declared charset (Jakarta Mail maps the MIME names), without a byte-order mark. */
  private static String text(Part part) throws MessagingException, IOException {
    byte[] bytes;
    try (InputStream in = part.getInputStream()) {
      bytes = in.readAllBytes();
    }
    Charset charset = charset(part);
    String text = new String(bytes, charset);
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  private static Charset charset(Part part) throws MessagingException {
    String name = new ContentType(part.getContentType()).getParameter("charset");
    if (name == null) {
      return StandardCharsets.UTF_8;
    }
    try {
      String java = MimeUtility.javaCharset(name.strip());
      // GB2312 mail is mostly GBK in practice (a superset); decoding as GBK reads both.
      return java.equalsIgnoreCase("GB2312") ? Charset.forName("GBK") : Charset.forName(java);
    } catch (RuntimeException e) {
      return StandardCharsets.UTF_8;
    }
  }

  private static String baseType(Part part) throws MessagingException {
    try {
      return new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
    } catch (MessagingException | RuntimeException e) {
      return "application/octet-stream";
    }
  }

  private static String header(MimeMessage message, String name) throws MessagingException {
    return message.getHeader(name, " ");
  }

  private static String subject(MimeMessage message) throws MessagingException {
    String raw = header(message, "Subject");
    if (raw == null) {
      return "";
    }
    try {
      return MimeUtility.decodeText(MimeUtility.unfold(raw)).strip();
    } catch (UnsupportedEncodingException e) {
      return raw.strip();
    }
  }

  private static Instant sentAt(MimeMessage message) {
    try {
      Date sent = message.getSentDate();
      return sent == null ? null : sent.toInstant();
    } catch (MessagingException | RuntimeException unreadable) {
      return null;
    }
  }

  private static InternetAddress sender(MimeMessage message) {
    try {
      Address[] from = message.getFrom();
      return from != null && from.length > 0 && from[0] instanceof InternetAddress address ? address : null;
    } catch (MessagingException e) {
      return null;
    }
  }

  private static List<String> recipients(MimeMessage message) {
    List<String> to = new ArrayList<>();
    try {
      Address[] addresses = message.getAllRecipients();
      if (addresses != null) {
        for (Address address : addresses) {
          if (address instanceof InternetAddress internet && internet.getAddress() != null) {
            to.add(internet.getAddress().toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (MessagingException e) {
      // An unreadable recipient list: the envelope's RCPT TO still says where it went.
    }
    return to;
  }

  /** RFC 3834 auto-replies, the usual out-of-office and list headers, and delivery reports. */
  private static boolean isAutomatic(MimeMessage message, Body body) throws MessagingException {
    String autoSubmitted = header(message, "Auto-Submitted");
    if (autoSubmitted != null && !autoSubmitted.strip().equalsIgnoreCase("no")) {
      return true;
    }
    String precedence = header(message, "Precedence");
    if (precedence != null && precedence.strip().toLowerCase(Locale.ROOT).matches("bulk|junk|list|auto_reply")) {
      return true;
    }
    return body.report || header(message, "X-Autoreply") != null || header(message, "X-Autorespond") != null
        || header(message, "List-Id") != null || header(message, "List-Unsubscribe") != null;
  }

  private static String firstId(String header) {
    if (header == null) {
      return null;
    }
    Matcher matcher = MESSAGE_ID.matcher(header);
    return matcher.find() ? matcher.group(1) : null;
  }

  private static List<String> ids(String header) {
    List<String> ids = new ArrayList<>();
    if (header != null) {
      Matcher matcher = MESSAGE_ID.matcher(header);
      while (matcher.find()) {
        ids.add(matcher.group(1));
      }
    }
    return ids;
  }
}
