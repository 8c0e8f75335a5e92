package dev.omnihub.adapters.spi;

/**
 * What the hub answers for an accepted inbound message, once it is stored.
 *
 * @param duplicate {@code true} when this delivery repeated one already stored; the ids are the
 *                  original ones and nothing new was written
 */
public record IngestAck(String messageId, String conversationId, String customerId, boolean duplicate) {
}
