package dev.omnihub.hub.ingest;

import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.IngestAck;
import dev.omnihub.adapters.spi.InputRejectedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.AsyncResult;
import java.util.concurrent.TimeUnit;

/** Counts inbound messages by channel and outcome and times them until durable. */
public final class IngestMetrics {

  private final MeterRegistry registry;

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void record(ChannelType channel, AsyncResult<IngestAck> result, long nanos) {
    String outcome;
    if (result.succeeded()) {
      outcome = result.result().duplicate() ? "duplicate" : "stored";
    } else {
      outcome = result.cause() instanceof InputRejectedException ? "rejected" : "failed";
    }
    Counter.builder("omnihub.ingest.messages").description("Inbound messages by channel and outcome")
        .tag("channel", channel.wireName()).tag("outcome", outcome).register(registry).increment();
    Timer.builder("omnihub.ingest.duration").description("Time from receipt until the message is durable")
        .tag("channel", channel.wireName()).publishPercentiles(0.5, 0.99).register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }
}
