package dev.omnihub.adapters.spi;

/**
 * The outcome of a successful delivery call.
 *
 * @param outcome           whether the channel took the message or there was nothing to send it to
 * @param providerMessageId the channel's id for the sent message (Twilio SID, SMTP Message-ID), or
 *                          {@code null}
 * @param detail            a short human note, or {@code null}
 */
public record DeliveryReceipt(Outcome outcome, String providerMessageId, String detail) {

  public enum Outcome {
    /** The channel accepted the message. */
    SENT,
    /** Nothing to deliver to (an integration that reads replies through the API); not an error. */
    SKIPPED
  }

  public static DeliveryReceipt sent(String providerMessageId) {
    return new DeliveryReceipt(Outcome.SENT, providerMessageId, null);
  }

  public static DeliveryReceipt skipped(String detail) {
    return new DeliveryReceipt(Outcome.SKIPPED, null, detail);
  }
}
