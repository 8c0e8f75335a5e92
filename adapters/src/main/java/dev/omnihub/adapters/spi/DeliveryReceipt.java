package dev.omnihub.adapters.spi;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a successful delivery call.
 *
 * @param outcome           whether the channel took the message or there was nothing to send it to
 * @param providerMessageId the channel's id for the sent message (Twilio SID, SMTP Message-ID), or
 *                          {@code null}
 * @param detail            a short human note, or {@code null}
 * @param threadKeys        keys that should lead to the message's conversation from now on (an email's
 *                          {@code email:<Message-ID>}), so the customer's answer finds it
 * @param facts             what the channel counted about the sent message, kept on its {@code delivery}
 *                          (an SMS's {@code segments} and {@code encoding}); strings, numbers or booleans
 */
public record DeliveryReceipt(Outcome outcome, String providerMessageId, String detail, List<String> threadKeys, Map<String, Object> facts) {

  public DeliveryReceipt {
    threadKeys = threadKeys == null ? List.of() : List.copyOf(threadKeys);
    facts = facts == null ? Map.of() : Map.copyOf(facts);
  }

  public DeliveryReceipt(Outcome outcome, String providerMessageId, String detail, List<String> threadKeys) {
    this(outcome, providerMessageId, detail, threadKeys, Map.of());
  }

  /** The same receipt with facts about the sent message. */
  public DeliveryReceipt withFacts(Map<String, Object> facts) {
    return new DeliveryReceipt(outcome, providerMessageId, detail, threadKeys, facts);
  }

  public enum Outcome {
    /** The channel accepted the message. */
    SENT,
    /** Nothing to deliver to (an integration that reads replies through the API); not an error. */
    SKIPPED
  }

  public static DeliveryReceipt sent(String providerMessageId) {
    return new DeliveryReceipt(Outcome.SENT, providerMessageId, null, List.of());
  }

  public static DeliveryReceipt sent(String providerMessageId, List<String> threadKeys) {
    return new DeliveryReceipt(Outcome.SENT, providerMessageId, null, threadKeys);
  }

  public static DeliveryReceipt skipped(String detail) {
    return new DeliveryReceipt(Outcome.SKIPPED, null, detail, List.of());
  }
}
