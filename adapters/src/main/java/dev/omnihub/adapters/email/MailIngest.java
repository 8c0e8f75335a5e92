package dev.omnihub.adapters.email;

import dev.omnihub.adapters.spi.Attachment;
import dev.omnihub.adapters.spi.ChannelRef;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.DeliveryState;
import dev.omnihub.adapters.spi.DeliveryStatusUpdate;
import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.adapters.spi.InboundResult;
import dev.omnihub.adapters.spi.ThreadHints;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one received mail into what the hub keeps of it: a message with its thread hints, a bounce
 * of a mail the hub sent, or nothing. Used by SMTP and IMAP alike, so both thread the same way.
 */
public final class MailIngest {

  /** The thread-key namespace of Message-IDs; a sent mail registers its own the same way. */
  public static final String MESSAGE_ID_KEY = "email:";
  /** Thread keys that name a conversation directly (the hub's reply address token). */
  public static final String CONVERSATION_KEY = "conversation:";
  /** Longest text kept of a mail; the rest of a huge body is cut (attachments are kept apart). */
  static final int MAX_TEXT_CHARS = 256 * 1024;

  private final MailParser parser = new MailParser();

  /**
   * @param raw            the mail as received
   * @param envelopeSender the SMTP {@code MAIL FROM} (or IMAP's Return-Path), used when the mail has no
   *                       readable {@code From}; {@code null} or empty for a bounce
   * @param token          the conversation token of the recipient address ({@code support+<token>@}), or
   *                       {@code null}
   */
  public InboundResult read(byte[] raw, ChannelRef channel, String envelopeSender, String token) {
    ParsedMail mail = parser.parse(raw);
    if (mail.bounce() != null) {
      return bounce(mail, channel);
    }
    String from = mail.from() != null ? mail.from() : envelopeSender == null || envelopeSender.isBlank() ? null : envelopeSender.strip();
    if (from == null || !MailAddresses.isAddress(from)) {
      return new InboundResult.Ignored(channel, "a mail without a sender address");
    }
    String text = mail.text() == null ? "" : mail.text();
    if (text.length() > MAX_TEXT_CHARS) {
      text = text.substring(0, MAX_TEXT_CHARS);
    }
    String fresh = ReplyText.newText(text);
    String quoted = quoted(text, fresh);
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("subject", mail.subject() == null ? "" : mail.subject());
    if (mail.messageId() != null) {
      facts.put("messageId", mail.messageId());
    }
    if (!mail.references().isEmpty()) {
      facts.put("references", String.join(" ", mail.references()));
    }
    if (!quoted.isEmpty()) {
      facts.put("quoted", quoted);
    }
    if (mail.problem() != null) {
      facts.put("problem", mail.problem());
    }
    if (mail.automatic()) {
      facts.put("automated", "true");
    }
    String shown = fresh.isBlank() && mail.attachments().isEmpty() ? "(empty mail" + (mail.subject() == null || mail.subject().isBlank()
        ? ")" : ": " + mail.subject() + ")") : fresh;
    ContactIdentity sender = ContactIdentity.email(from);
    return new InboundMessage(channel, externalId(mail, raw), new Contact(mail.fromName(), List.of(sender)), shown, mail.html(),
        attachments(mail), threadHints(mail, token), mail.sentAt(), facts, sender, mail.automatic());
  }

  private static List<Attachment> attachments(ParsedMail mail) {
    List<Attachment> attachments = new ArrayList<>();
    for (MailAttachment attachment : mail.attachments()) {
      attachments.add(Attachment.carried(attachment.fileName(), attachment.contentType(), attachment.content(), attachment.inline(),
          attachment.contentId()));
    }
    return attachments;
  }

  /**
   * A reply's Message-IDs, newest first ({@code In-Reply-To}, then {@code References} from the end:
   * Outlook drops or rewrites {@code In-Reply-To} but keeps {@code References}), then the reply
   * address's token, then the tickets its subject names. The mail registers its own Message-ID.
   */
  /** {@code [#1001]}: what outbound mail on a ticket's conversation carries in its subject. */
  private static final java.util.regex.Pattern TICKET_NUMBER = java.util.regex.Pattern.compile("\\[#(\\d{1,15})]");

  static ThreadHints threadHints(ParsedMail mail, String token) {
    List<String> follows = new ArrayList<>();
    if (mail.inReplyTo() != null) {
      follows.add(MESSAGE_ID_KEY + mail.inReplyTo());
    }
    for (int i = mail.references().size() - 1; i >= 0; i--) {
      String key = MESSAGE_ID_KEY + mail.references().get(i);
      if (!follows.contains(key)) {
        follows.add(key);
      }
    }
    if (token != null) {
      follows.add(CONVERSATION_KEY + token);
    }
    // A ticket's number in the subject ("About [#1001]"), after the headers: the customer named it.
    if (mail.subject() != null) {
      java.util.regex.Matcher ticket = TICKET_NUMBER.matcher(mail.subject());
      while (ticket.find()) {
        String key = ThreadHints.ticketKey(Long.parseLong(ticket.group(1)));
        if (!follows.contains(key)) {
          follows.add(key);
        }
      }
    }
    List<String> registers = mail.messageId() == null ? List.of() : List.of(MESSAGE_ID_KEY + mail.messageId());
    return new ThreadHints(follows, registers);
  }

  private static InboundResult bounce(ParsedMail mail, ChannelRef channel) {
    MailBounce bounce = mail.bounce();
    if (bounce.originalMessageId() == null) {
      return new InboundResult.Ignored(channel, "a delivery report that does not name the mail it returns");
    }
    if (!bounce.permanent()) {
      return new InboundResult.Ignored(channel, "a delivery report that is not a failure (" + bounce.action() + ")");
    }
    return new DeliveryStatusUpdate(channel, bounce.originalMessageId(), DeliveryState.FAILED, bounce.reason());
  }

  /** The mail's Message-ID, or for a mail without one a digest of its bytes: a resend is still the same mail. */
  static String externalId(ParsedMail mail, byte[] raw) {
    if (mail.messageId() != null && mail.messageId().length() <= InboundMessage.MAX_EXTERNAL_ID_LENGTH) {
      return mail.messageId();
    }
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** What follows the new text: the quoted history and the signature. */
  static String quoted(String text, String fresh) {
    String whole = text.strip();
    if (fresh.isEmpty() || whole.equals(fresh) || !whole.startsWith(fresh)) {
      return "";
    }
    return whole.substring(fresh.length()).strip();
  }
}
