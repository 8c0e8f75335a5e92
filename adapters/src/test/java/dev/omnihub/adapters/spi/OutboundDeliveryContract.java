package dev.omnihub.adapters.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every adapter's delivery must do, whatever its channel, beside {@link WebhookInboundContract}:
 * a receiver that takes the message yields a receipt; every attempt of one delivery carries the same
 * idempotency key, so a receiver that honours it sees a resend as the same message; temporary
 * refusals and unreachable receivers are retryable, permanent refusals are not; and failures arrive
 * as failed futures, never as exceptions thrown at the dispatcher. An adapter's test implements this
 * interface with a real receiver of its channel's protocol.
 */
public interface OutboundDeliveryContract {

  /** The adapter under test, started. */
  ChannelAdapter outbound();

  /** A channel whose receiver takes every message. */
  ChannelSettings acceptingReceiver();

  /** The idempotency keys the accepting receiver saw, one per message it took, in order. */
  List<String> idempotencyKeysReceived();

  /** A channel whose receiver refuses every message, temporarily (try later) or permanently. */
  ChannelSettings refusingReceiver(boolean permanently);

  /** A channel whose receiver cannot be reached at all. */
  ChannelSettings unreachableReceiver();

  /** Where the customer is reached on this channel. */
  ContactIdentity customerAddress();

  default OutboundMessage sample(String id, ChannelSettings channel) {
    return new OutboundMessage(id, "conv-" + id, "cust-1", channel.ref(), Contact.of("Ana", customerAddress()),
        "Your order ships today.", null, List.of(), new AuthorRef("agent", "agent-1", "Bo"), Instant.parse("2026-12-01T10:00:00Z"),
        Map.of("replyToken", "conv-" + id), customerAddress(), "Re: Your order", "delivery-" + id);
  }

  private static DeliveryReceipt await(Future<DeliveryReceipt> future) throws Exception {
    return future.await(30, TimeUnit.SECONDS);
  }

  @Test
  default void aReceiverThatTakesTheMessageYieldsAReceipt() throws Exception {
    DeliveryReceipt receipt = await(outbound().deliver(sample("c1", acceptingReceiver()), acceptingReceiver()));

    assertThat(receipt.outcome()).isEqualTo(DeliveryReceipt.Outcome.SENT);
    assertThat(idempotencyKeysReceived()).hasSize(1);
  }

  @Test
  default void everyAttemptOfOneDeliveryCarriesTheSameIdempotencyKey() throws Exception {
    ChannelSettings channel = acceptingReceiver();
    DeliveryReceipt first = await(outbound().deliver(sample("c2", channel), channel));
    DeliveryReceipt again = await(outbound().deliver(sample("c2", channel), channel));
    await(outbound().deliver(sample("c3", channel), channel));

    List<String> keys = idempotencyKeysReceived();
    assertThat(keys).hasSize(3);
    assertThat(keys.get(1)).isEqualTo(keys.get(0)).isNotEqualTo(keys.get(2));
    assertThat(again.providerMessageId()).isEqualTo(first.providerMessageId());
  }

  @Test
  default void aTemporaryRefusalIsRetryable() {
    ChannelSettings channel = refusingReceiver(false);
    assertThatThrownBy(() -> await(outbound().deliver(sample("c4", channel), channel)))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  default void aPermanentRefusalIsNotRetriedAndSaysWhy() {
    ChannelSettings channel = refusingReceiver(true);
    assertThatThrownBy(() -> await(outbound().deliver(sample("c5", channel), channel)))
        .isInstanceOfSatisfying(DeliveryException.class, e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).isNotBlank();
        });
  }

  @Test
  default void anUnreachableReceiverIsRetryable() {
    ChannelSettings channel = unreachableReceiver();
    assertThatThrownBy(() -> await(outbound().deliver(sample("c6", channel), channel)))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  default void failuresArriveAsFailedFuturesNeverAsThrows() {
    ChannelSettings channel = unreachableReceiver();
    OutboundMessage nowhere = new OutboundMessage("c7", "conv-c7", "cust-1", channel.ref(),
        Contact.of("Ana", ContactIdentity.external("user-7")), "hello", null, List.of(), new AuthorRef("agent", "a", "Bo"),
        Instant.parse("2026-12-01T10:00:00Z"), Map.of(), null, null, "delivery-c7");

    Future<DeliveryReceipt> attempt = outbound().deliver(nowhere, channel);

    assertThat(attempt).isNotNull();
  }
}
