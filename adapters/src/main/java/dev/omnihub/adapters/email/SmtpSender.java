package dev.omnihub.adapters.email;

import dev.omnihub.adapters.spi.Attachment;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.DeliveryException;
import dev.omnihub.adapters.spi.DeliveryReceipt;
import dev.omnihub.adapters.spi.IdentityKind;
import dev.omnihub.adapters.spi.OutboundMessage;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.jsoup.nodes.Entities;

/**
 * Sends an agent's answer through the channel's SMTP server, threaded so Gmail, Outlook and
 * Thunderbird show it under the customer's mail: {@code Re: <subject>}, {@code In-Reply-To} and
 * {@code References} of their last mail, and a {@code Reply-To} carrying the conversation's token.
 * The Message-ID is made from the delivery's idempotency key, so a resend after a crash is the same
 * mail to every receiver that deduplicates. Blocking: run on a worker thread.
 */
final class SmtpSender {

  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  private static final int IO_TIMEOUT_MILLIS = 30_000;

  /** The Message-ID (without angle brackets) the mail of a delivery carries. */
  static String messageId(OutboundMessage message, EmailSettings settings) {
    return "omnihub." + message.idempotencyKey() + "@" + settings.domain();
  }

  /**
   * @param channelName shown as the sender's name when the channel has no {@code fromName}
   * @throws DeliveryException retryable for temporary failures (4xx, no connection), permanent for
   *     5xx answers, refused logins and unusable recipients, with the server's words
   */
  DeliveryReceipt send(OutboundMessage message, EmailSettings settings, String channelName) {
    if (settings.smtp() == null) {
      throw DeliveryException.permanent("the email channel has no smtp settings to send with");
    }
    String to = recipient(message);
    String id = messageId(message, settings);
    Session session = session(settings.smtp());
    try {
      MimeMessage mail = compose(session, message, settings, channelName, to, id);
      Transport.send(mail, settings.smtp().user(), settings.smtp().password());
      return DeliveryReceipt.sent(id, List.of(MailIngest.MESSAGE_ID_KEY + id));
    } catch (MessagingException e) {
      throw classify(e);
    }
  }

  private static String recipient(OutboundMessage message) {
    ContactIdentity to = message.to();
    if (to == null || to.kind() != IdentityKind.EMAIL) {
      to = message.recipient().identities().stream().filter(identity -> identity.kind() == IdentityKind.EMAIL).findFirst()
          .orElseThrow(() -> DeliveryException.permanent("the customer has no email address to answer"));
    }
    if (!MailAddresses.isAddress(to.value())) {
      throw DeliveryException.permanent("'" + to.value() + "' is not a mail address");
    }
    return to.value();
  }

  private static MimeMessage compose(Session session, OutboundMessage message, EmailSettings settings, String channelName, String to,
      String id) throws MessagingException {
    MimeMessage mail = new MimeMessage(session) {
      @Override
      protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", "<" + id + ">");
      }
    };
    try {
      mail.setFrom(new InternetAddress(settings.address(), settings.fromName() != null ? settings.fromName() : channelName, "UTF-8"));
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException("UTF-8 is always supported", e);
    }
    mail.setRecipients(MimeMessage.RecipientType.TO, new Address[] {new InternetAddress(to, false)});
    String token = message.threading().get("replyToken");
    if (token != null) {
      mail.setReplyTo(new Address[] {new InternetAddress(MailAddresses.withToken(settings.address(), token), false)});
    }
    mail.setSubject(withTicket(message.subject() != null ? message.subject()
        : "Message from " + (settings.fromName() != null ? settings.fromName() : channelName), message.threading().get("ticketNumber")),
        "UTF-8");
    String inReplyTo = message.threading().get("inReplyTo");
    if (inReplyTo != null) {
      mail.setHeader("In-Reply-To", "<" + inReplyTo + ">");
    }
    String references = message.threading().get("references");
    if (references != null && !references.isBlank()) {
      mail.setHeader("References", MimeMessageHeaders.idList(references));
    }
    mail.setSentDate(Date.from(message.createdAt() != null ? message.createdAt() : java.time.Instant.now()));
    MimeMultipart alternative = new MimeMultipart("alternative");
    MimeBodyPart text = new MimeBodyPart();
    text.setText(message.text(), StandardCharsets.UTF_8.name());
    MimeBodyPart html = new MimeBodyPart();
    html.setContent(message.html() != null ? message.html() : html(message.text()), "text/html; charset=UTF-8");
    alternative.addBodyPart(text);
    alternative.addBodyPart(html);
    List<Attachment> files = message.attachments().stream().filter(file -> file.content() != null).toList();
    if (files.isEmpty()) {
      mail.setContent(alternative);
    } else {
      // The body and then each file: multipart/mixed around the text and HTML alternatives.
      MimeMultipart mixed = new MimeMultipart("mixed");
      MimeBodyPart body = new MimeBodyPart();
      body.setContent(alternative);
      mixed.addBodyPart(body);
      for (Attachment file : files) {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new jakarta.activation.DataHandler(new jakarta.mail.util.ByteArrayDataSource(file.content(), file.contentType())));
        part.setFileName(file.fileName()); // non-ASCII names go out RFC 2231-encoded (mail.mime.encodeparameters)
        part.setDisposition(jakarta.mail.Part.ATTACHMENT);
        mixed.addBodyPart(part);
      }
      mail.setContent(mixed);
    }
    mail.saveChanges();
    return mail;
  }

  /** The plain text as HTML: escaped, with its line breaks. */
  static String html(String text) {
    return "<div>" + Entities.escape(text).replace("\r\n", "\n").replace("\n", "<br>\n") + "</div>";
  }

  private static Session session(MailServer server) {
    Properties properties = new Properties();
    String protocol = server.tls() == MailServer.Tls.SSL ? "smtps" : "smtp";
    properties.setProperty("mail.transport.protocol", protocol);
    String prefix = "mail." + protocol + ".";
    properties.setProperty(prefix + "host", server.host());
    properties.setProperty(prefix + "port", Integer.toString(server.port()));
    properties.setProperty(prefix + "auth", Boolean.toString(server.user() != null));
    properties.setProperty(prefix + "connectiontimeout", Integer.toString(CONNECT_TIMEOUT_MILLIS));
    properties.setProperty(prefix + "timeout", Integer.toString(IO_TIMEOUT_MILLIS));
    properties.setProperty(prefix + "writetimeout", Integer.toString(IO_TIMEOUT_MILLIS));
    if (server.tls() == MailServer.Tls.STARTTLS) {
      properties.setProperty(prefix + "starttls.enable", "true");
      properties.setProperty(prefix + "starttls.required", "true");
    }
    if (server.tls() != MailServer.Tls.NONE) {
      properties.setProperty(prefix + "ssl.checkserveridentity", "true");
    }
    return Session.getInstance(properties);
  }

  /** 4xx and lost connections are worth another try; 5xx, refused logins and bad addresses are not. */
  static DeliveryException classify(MessagingException e) {
    MessagingException answered = serverAnswer(e);
    int code = answered == null ? -1 : returnCode(answered);
    String answer = words(answered != null ? answered : e);
    if (code >= 500) {
      return DeliveryException.permanent("the mail server refused the mail: " + answer);
    }
    if (code >= 400) {
      return DeliveryException.retryable("the mail server deferred the mail: " + answer, e);
    }
    if (e instanceof AuthenticationFailedException) {
      return DeliveryException.permanent("the mail server refused the login: " + answer);
    }
    if (e instanceof SendFailedException) {
      return DeliveryException.permanent("the mail server refused the recipient: " + answer);
    }
    return DeliveryException.retryable("could not reach the mail server: " + answer + (rootIo(e) == null ? "" : " (" + rootIo(e) + ")"), e);
  }

  /** The exception that carries the server's reply code, following the chain Jakarta Mail builds. */
  private static MessagingException serverAnswer(MessagingException e) {
    for (Exception next = e; next != null; next = next instanceof MessagingException m ? m.getNextException() : null) {
      if (next instanceof MessagingException answered && returnCode(answered) > 0) {
        return answered;
      }
    }
    return null;
  }

  private static int returnCode(MessagingException e) {
    return switch (e) {
      case SMTPSendFailedException failed -> failed.getReturnCode();
      case SMTPAddressFailedException failed -> failed.getReturnCode();
      case SMTPSenderFailedException failed -> failed.getReturnCode();
      default -> -1;
    };
  }

  private static String words(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
  }

  private static String rootIo(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException io) {
        return io.toString();
      }
    }
    return null;
  }

  /** A ticket's conversation: its number in the subject ({@code [#1001]}), once, so the customer can quote it. */
  static String withTicket(String subject, String ticketNumber) {
    if (ticketNumber == null || subject.contains("[#" + ticketNumber + "]")) {
      return subject;
    }
    return subject + " [#" + ticketNumber + "]";
  }
}
