package dev.omnihub.hub.ingest;

import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.adapters.spi.IngestAck;
import dev.omnihub.hub.events.LogWrite;
import dev.omnihub.hub.events.Outcome;
import java.util.Optional;

/**
 * Customers' messages that answer something the hub asked them (an SMS satisfaction survey's digit):
 * taken before the message is threaded, so such an answer is no new message and reopens nothing.
 */
@FunctionalInterface
public interface InboundAnswers {

  InboundAnswers NONE = (message, dedupeKey, write) -> Optional.empty();

  /**
   * Blocking, inside the ingest's write.
   *
   * @param dedupeKey the delivery's key: what the answer is stored under, so a retry finds it
   * @return the acknowledgement and events when the message was such an answer; empty to ingest it as a message
   */
  Optional<Outcome<IngestAck>> answer(InboundMessage message, String dedupeKey, LogWrite write);
}
