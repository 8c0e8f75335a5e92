package dev.omnihub.adapters.spi;

import io.vertx.core.Future;

/** Where adapters hand inbound messages: the hub's ingest pipeline. */
public interface InboundSink {

  /**
   * Stores the message (or finds the copy already stored) and succeeds only once it is durable, so an
   * adapter may acknowledge its sender as soon as this future succeeds. Fails with
   * {@link InputRejectedException} when the message carries input the hub cannot accept (an
   * unparseable phone number, say); any other failure means nothing was acknowledged and the channel
   * should retry.
   */
  Future<IngestAck> accept(InboundMessage message);
}
