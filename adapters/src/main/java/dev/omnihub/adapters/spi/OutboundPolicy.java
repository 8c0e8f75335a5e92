package dev.omnihub.adapters.spi;

/**
 * What the hub checks before a reply goes out on a channel type, declared by the channel's adapter so
 * that the hub names no channel.
 *
 * @param addressedBy       the kind of identity a reply is addressed to when the customer's own
 *                          address on the channel is not known (an email address, a phone number, a
 *                          widget visitor); {@code null} for an integration's own ids
 * @param reachesByIdentity whether a customer who never wrote on a channel of this type may be
 *                          written to there through an identity of that kind (email and SMS may start
 *                          a conversation; a widget or a phone call may not)
 * @param honoursOptOuts    a customer's STOP on a channel of this type refuses every reply to their
 *                          address there until START
 */
public record OutboundPolicy(IdentityKind addressedBy, boolean reachesByIdentity, boolean honoursOptOuts) {

  /** Replies only to those who wrote on the channel, by the address they wrote from; no opt-outs. */
  public static final OutboundPolicy WRITERS_ONLY = new OutboundPolicy(null, false, false);

  /** Replies go to an identity of this kind; only those who wrote on the channel are reached. */
  public static OutboundPolicy addressedBy(IdentityKind kind) {
    return new OutboundPolicy(kind, false, false);
  }

  /** The same, and any customer with such an identity may be written to. */
  public OutboundPolicy reachingByIdentity() {
    return new OutboundPolicy(addressedBy, true, honoursOptOuts);
  }

  /** The same, honouring STOP. */
  public OutboundPolicy withOptOuts() {
    return new OutboundPolicy(addressedBy, reachesByIdentity, true);
  }
}
