package dev.omnihub.hub.outbound;

import com.mongodb.client.model.Updates;
import dev.omnihub.adapters.spi.DeliveryException;
import dev.omnihub.adapters.spi.DeliveryReceipt;
import dev.omnihub.adapters.spi.OutboundMessage;
import dev.omnihub.hub.channel.Channel;
import dev.omnihub.hub.channel.ChannelAdapters;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.events.EventAddresses;
import dev.omnihub.hub.events.MessageUpdated;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.views.Views;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers queued replies through their channel's adapter, with retries and backoff, and writes the
 * outcome back to the message. Woken at once when a reply is stored, and every second for retries
 * and for entries another node left behind. Delivery is at least once: a crash after the channel
 * took a message but before its status was written sends it again once the lease runs out, which is
 * why adapters pass the message id on as an idempotency key.
 */
public final class OutboxDispatcher extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
  private static final Duration LEASE = Duration.ofSeconds(60);
  private static final long POLL_MILLIS = 1_000;
  private static final int MAX_IN_FLIGHT = 16;

  /**
   * Everything one delivery needs, read in one blocking step; {@code problem} says why it cannot be
   * delivered at all (its channel or customer is gone), which fails it for good.
   */
  private record Job(Message message, Conversation conversation, Channel channel, OutboundMessage outbound, int attempts,
      String problem) {
  }

  private final PublishingStore store;
  private final Outbox outbox;
  private final MessageStore messages;
  private final ConversationStore conversations;
  private final CustomerStore customers;
  private final ChannelStore channels;
  private final ChannelAdapters adapters;
  private final Backoff backoff;
  private final Clock clock;
  private final int maxAttempts;
  private final String nodeId;
  private final MeterRegistry metrics;
  private int inFlight;
  private boolean polling;
  private boolean pollAgain;
  private long timerId = -1;

  public OutboxDispatcher(PublishingStore store, Outbox outbox, MessageStore messages, ConversationStore conversations,
      CustomerStore customers, ChannelStore channels, ChannelAdapters adapters, Backoff backoff, Clock clock, int maxAttempts,
      String nodeId, MeterRegistry metrics) {
    this.store = store;
    this.outbox = outbox;
    this.messages = messages;
    this.conversations = conversations;
    this.customers = customers;
    this.channels = channels;
    this.adapters = adapters;
    this.backoff = backoff;
    this.clock = clock;
    this.maxAttempts = maxAttempts;
    this.nodeId = nodeId;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    return store.write(() -> outbox.rebuild(messages.undelivered()))
        .onSuccess(rebuilt -> {
          if (rebuilt > 0) {
            log.info("Re-queued {} undelivered replies", rebuilt);
          }
        })
        .compose(ignored -> vertx.eventBus().localConsumer(EventAddresses.OUTBOX_WAKE, message -> poll()).completion())
        .onSuccess(ignored -> {
          timerId = vertx.setPeriodic(POLL_MILLIS, id -> poll());
          poll();
        });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timerId);
    return Future.succeededFuture();
  }

  /** Takes due entries (one poll at a time; a wake-up during a poll runs another right after). */
  private void poll() {
    if (polling) {
      pollAgain = true;
      return;
    }
    int room = MAX_IN_FLIGHT - inFlight;
    if (room <= 0) {
      return;
    }
    polling = true;
    store.read(() -> claimDue(room))
        .onSuccess(claimed -> claimed.forEach(this::deliver))
        .onFailure(error -> log.warn("Outbox poll failed: {}", error.getMessage()))
        .onComplete(ignored -> {
          polling = false;
          if (pollAgain) {
            pollAgain = false;
            poll();
          }
        });
  }

  private List<Outbox.Entry> claimDue(int limit) {
    Instant now = clock.instant();
    List<Outbox.Entry> claimed = new ArrayList<>();
    for (Outbox.Entry entry : outbox.due(now, limit)) {
      if (outbox.lease(entry, now.plus(LEASE), nodeId)) {
        claimed.add(entry);
      }
    }
    return claimed;
  }

  private void deliver(Outbox.Entry entry) {
    inFlight++;
    store.read(() -> prepare(entry))
        .compose(job -> job.map(this::send).orElseGet(Future::succeededFuture))
        .onFailure(error -> log.warn("Delivery of message {} failed unexpectedly; it will be retried: {}", entry.messageId(), error.toString()))
        .onComplete(ignored -> {
          inFlight--;
          poll();
        });
  }

  /** Reads what the delivery needs; an entry whose message is gone or already settled is dropped. */
  private Optional<Job> prepare(Outbox.Entry entry) {
    Optional<Message> message = messages.find(entry.messageId());
    String status = message.map(m -> m.delivery() == null ? null : m.delivery().getString("status")).orElse(null);
    if (message.isEmpty() || !("pending".equals(status) || "retrying".equals(status))) {
      outbox.remove(entry.messageId());
      return Optional.empty();
    }
    Message found = message.get();
    Conversation conversation = conversations.require(found.conversationId());
    int attempts = (int) Docs.longValue(found.delivery(), "attempts");
    Optional<Channel> channel = channels.find(found.channelId());
    Optional<Customer> customer = customers.findCurrent(found.customerId());
    if (channel.isEmpty() || customer.isEmpty()) {
      String missing = channel.isEmpty() ? "channel " + found.channelId() : "customer " + found.customerId();
      return Optional.of(new Job(found, conversation, null, null, attempts, missing + " no longer exists"));
    }
    try {
      return Optional.of(new Job(found, conversation, channel.get(), OutboundFactory.create(found, customer.get(), channel.get()),
          attempts, null));
    } catch (DeliveryException e) {
      return Optional.of(new Job(found, conversation, channel.get(), null, attempts, e.getMessage()));
    }
  }

  private Future<Void> send(Job job) {
    Future<DeliveryReceipt> attempt = job.problem() != null
        ? Future.failedFuture(DeliveryException.permanent(job.problem()))
        : adapters.adapter(job.channel().type()).deliver(job.outbound(), job.channel().settings());
    return attempt.transform(result -> store.writeAndPublish(() -> result.succeeded()
        ? delivered(job, result.result())
        : failed(job, result.cause()))).mapEmpty();
  }

  private Outcome<Void> delivered(Job job, DeliveryReceipt receipt) {
    String status = receipt.outcome() == DeliveryReceipt.Outcome.SENT ? "sent" : "skipped";
    messages.update(job.message().id(), Updates.combine(
        Updates.set("delivery.status", status),
        Updates.set("delivery.attempts", job.attempts() + 1),
        Updates.set("delivery.sentAt", Docs.date(clock.instant())),
        Updates.set("delivery.providerMessageId", receipt.providerMessageId()),
        Updates.set("delivery.detail", receipt.detail()),
        Updates.unset("delivery.nextAttemptAt"),
        Updates.unset("delivery.lastError")));
    outbox.remove(job.message().id());
    count(job, status);
    return updatedEvent(job);
  }

  private Outcome<Void> failed(Job job, Throwable error) {
    int attempts = job.attempts() + 1;
    boolean retryable = !(error instanceof DeliveryException delivery) || delivery.retryable();
    String reason = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    if (retryable && attempts < maxAttempts) {
      Instant next = clock.instant().plus(backoff.delayAfter(attempts));
      messages.update(job.message().id(), Updates.combine(
          Updates.set("delivery.status", "retrying"),
          Updates.set("delivery.attempts", attempts),
          Updates.set("delivery.lastError", reason),
          Updates.set("delivery.nextAttemptAt", Docs.date(next))));
      outbox.reschedule(job.message().id(), next, attempts);
      count(job, "retrying");
      log.info("Delivery of message {} failed (attempt {} of {}), retrying at {}: {}", job.message().id(), attempts, maxAttempts, next, reason);
    } else {
      messages.update(job.message().id(), Updates.combine(
          Updates.set("delivery.status", "failed"),
          Updates.set("delivery.attempts", attempts),
          Updates.set("delivery.lastError", reason),
          Updates.unset("delivery.nextAttemptAt")));
      outbox.remove(job.message().id());
      count(job, "failed");
      log.warn("Delivery of message {} failed for good after {} attempts: {}", job.message().id(), attempts, reason);
    }
    return updatedEvent(job);
  }

  private Outcome<Void> updatedEvent(Job job) {
    Message updated = messages.require(job.message().id());
    return new Outcome<>(null, List.of(new MessageUpdated(Views.message(updated), job.conversation().assigneeId(),
        job.conversation().queueId())));
  }

  private void count(Job job, String outcome) {
    Counter.builder("omnihub.outbox.deliveries").description("Delivery attempts of replies by channel and outcome")
        .tag("channel", job.message().channel()).tag("outcome", outcome).register(metrics).increment();
  }
}
