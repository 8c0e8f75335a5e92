package dev.omnihub.adapters.spi;

import io.vertx.core.Future;

/** Where adapters hand inbound traffic: the hub's ingest pipeline. */
public interface InboundSink {

  /**
   * Stores the message (or finds the copy already stored) and succeeds only once it is durable, so an
   * adapter may acknowledge its sender as soon as this future succeeds. Fails with
   * {@link InputRejectedException} when the message carries input the hub cannot accept (an
   * unparseable phone number, say); any other failure means nothing was acknowledged and the channel
   * should retry.
   */
  Future<IngestAck> accept(InboundMessage message);

  /**
   * Handles any parsed result the same way: it succeeds only once what it did is durable. Automated
   * messages ({@link InboundMessage#automated()}) never start a conversation: they become a system line
   * of the conversation they belong to, or are {@link InboundOutcome.Dropped dropped}.
   */
  Future<InboundOutcome> submit(InboundResult result);
}
