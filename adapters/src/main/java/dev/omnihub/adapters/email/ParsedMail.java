package dev.omnihub.adapters.email;

import java.time.Instant;
import java.util.List;

/**
 * What the hub keeps of one inbound mail.
 *
 * @param messageId   the {@code Message-ID} without angle brackets, or {@code null}
 * @param inReplyTo   the first id of {@code In-Reply-To}, or {@code null}
 * @param references  the ids of {@code References}, oldest first
 * @param from        the sender's address, lower-cased, or {@code null} when there is none
 * @param text        the body as text: the text/plain part when there is one, else the HTML's text
 * @param html        the HTML part, sanitized (no scripts, styles or event handlers), or {@code null}
 * @param automatic   an auto-reply, out-of-office, bounce or list mail: never starts a conversation
 *                    nor triggers an automatic answer
 * @param problem     why the mail could not be read whole ({@code null} when it could); the text then
 *                    holds what could be read, or the raw source
 * @param bounce      what a delivery status notification reports, or {@code null} when it is none
 * @param sentAt      the {@code Date} header, or {@code null} when it is missing or unreadable
 */
public record ParsedMail(String messageId, String inReplyTo, List<String> references, String from, String fromName, List<String> to,
    String subject, String text, String html, List<MailAttachment> attachments, boolean automatic, String problem, MailBounce bounce,
    Instant sentAt) {
}
