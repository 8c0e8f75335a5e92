package dev.omnihub.adapters.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message a customer sent on some channel, normalized. The pair (channel id, {@code externalId}) is
 * the idempotency key: the hub stores a message once however often the channel delivers it.
 *
 * @param channel     the channel instance it arrived on
 * @param externalId  the channel's own id for this message (Twilio MessageSid, email Message-ID, ...)
 * @param sender      who sent it
 * @param text        plain text; may be empty when the message only carries attachments
 * @param html        the HTML body when the channel has one, else {@code null}; never trusted for display
 * @param attachments files that came with it
 * @param thread      thread hints; {@link ThreadHints#none()} when the channel has none
 * @param sentAt      when the channel says it was sent, or {@code null}
 * @param metadata    small channel-specific facts worth keeping (call duration, subject, ...); the
 *                    channel's thread facts go here too (an email's {@code subject}, {@code messageId},
 *                    {@code references}), so a reply can be threaded by the customer's mail client
 * @param address     the address the customer wrote from on this channel, where an answer goes; by
 *                    default the sender's first identity
 * @param automated   sent by a machine on the customer's behalf (an auto-reply, a list mail): it never
 *                    starts a conversation and never triggers an automatic answer
 */
public record InboundMessage(
    ChannelRef channel,
    String externalId,
    Contact sender,
    String text,
    String html,
    List<Attachment> attachments,
    ThreadHints thread,
    Instant sentAt,
    Map<String, String> metadata,
    ContactIdentity address,
    boolean automated) implements InboundResult {

  /**
   * Metadata that makes a message a consent keyword (an SMS {@code STOP} or {@code START}): {@link #OPTS_OUT}
   * or {@link #OPTS_IN}. The hub keeps the message and, on a channel whose {@link OutboundPolicy}
   * honours opt-outs, refuses every reply to the address until it opts in again.
   */
  public static final String CONSENT = "optOut";
  public static final String OPTS_OUT = "out";
  public static final String OPTS_IN = "in";

  /** Longest accepted {@code externalId}; longer ids are a channel bug, not a message. */
  public static final int MAX_EXTERNAL_ID_LENGTH = 512;

  public InboundMessage {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(sender, "sender");
    if (externalId == null || externalId.isBlank()) {
      throw new IllegalArgumentException("externalId must not be blank");
    }
    if (externalId.length() > MAX_EXTERNAL_ID_LENGTH) {
      throw new IllegalArgumentException("externalId is longer than " + MAX_EXTERNAL_ID_LENGTH + " characters");
    }
    text = text == null ? "" : text;
    attachments = attachments == null ? List.of() : List.copyOf(attachments);
    if (text.isBlank() && attachments.isEmpty()) {
      throw new IllegalArgumentException("a message needs text or at least one attachment");
    }
    thread = thread == null ? ThreadHints.none() : thread;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    address = address == null ? sender.identities().get(0) : address;
  }

  /** A message a person wrote, answered at the sender's first identity. */
  public InboundMessage(ChannelRef channel, String externalId, Contact sender, String text, String html, List<Attachment> attachments,
      ThreadHints thread, Instant sentAt, Map<String, String> metadata) {
    this(channel, externalId, sender, text, html, attachments, thread, sentAt, metadata, null, false);
  }
}
