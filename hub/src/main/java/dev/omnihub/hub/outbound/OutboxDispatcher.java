package dev.omnihub.hub.outbound;

import dev.omnihub.adapters.spi.ChannelAdapter;
import dev.omnihub.adapters.spi.DeliveryException;
import dev.omnihub.adapters.spi.DeliveryReceipt;
import dev.omnihub.adapters.spi.OutboundMessage;
import dev.omnihub.adapters.spi.OutboundPolicy;
import dev.omnihub.hub.attachments.AttachmentStore;
import dev.omnihub.hub.channel.Channel;
import dev.omnihub.hub.channel.ChannelAdapters;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.DeliveryStates;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.OptOuts;
import dev.omnihub.hub.events.MessageUpdated;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.logging.LogText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers queued replies through their channel's adapter, with retries and backoff, and writes the
 * outcome back to the message. Woken when a reply is durable, and every second for retries and for
 * entries another node left behind. A conversation's replies go out one at a time, in order (only the
 * head of its queue is taken); a channel has at most its adapter's number of deliveries in flight on
 * this node. Delivery is at least once: a crash after the channel took a message but before its
 * status was written sends it again once the lease runs out, which is why adapters pass the
 * delivery's idempotency key on (an email keeps its Message-ID, a webhook its delivery id).
 */
public final class OutboxDispatcher extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
  private static final Duration LEASE = Duration.ofSeconds(60);
  private static final long POLL_MILLIS = 1_000;
  private static final int MAX_IN_FLIGHT = 16;
  /** How many due entries one poll reads per free slot: some wait behind their conversation or channel. */
  private static final int READ_AHEAD = 4;
  /** How far back in a conversation the customer's last message on the reply's channel is looked for. */

  /**
   * Everything one delivery needs, read in one blocking step; {@code problem} says why it cannot be
   * delivered at all (its channel or customer is gone), which fails it for good.
   */
  private record Job(Outbox.Entry entry, Message message, Conversation conversation, Channel channel, OutboundMessage outbound,
      int attempts, String problem) {
  }

  private final PublishingStore store;
  private final OptOuts optOuts;
  /** Who delivers entries that are not messages, by kind. */
  private final Map<String, QueuedDelivery> otherKinds;
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
  private final OutboundFiles files;
  /** Deliveries in flight on this node per channel id; read on worker threads while claiming. */
  private final Map<String, Integer> inFlightByChannel = new ConcurrentHashMap<>();
  private int inFlight;
  private boolean polling;
  private boolean pollAgain;
  private long timerId = -1;

  public OutboxDispatcher(PublishingStore store, Outbox outbox, MessageStore messages, ConversationStore conversations,
      CustomerStore customers, OptOuts optOuts, Map<String, QueuedDelivery> otherKinds, ChannelStore channels, ChannelAdapters adapters, Backoff backoff,
      Clock clock, int maxAttempts, String nodeId, MeterRegistry metrics, AttachmentStore attachments) {
    this.files = new OutboundFiles(attachments);
    this.optOuts = optOuts;
    this.otherKinds = Map.copyOf(otherKinds);
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
    // The leases this node held when it last stopped (killed mid-delivery) end now: those rows go at
    // once, and a send in doubt is asked about first where the channel can tell (marksSends).
    return store.write(() -> {
      outbox.releaseLeases(nodeId, clock.instant());
      return outbox.rebuild(messages.undelivered());
    })
        .onSuccess(rebuilt -> {
          if (rebuilt > 0) {
            log.info("Re-queued {} undelivered replies", rebuilt);
          }
        })
        .onSuccess(ignored -> {
          Context context = vertx.getOrCreateContext();
          outbox.onQueued(() -> context.runOnContext(woken -> poll()));
          timerId = vertx.setPeriodic(POLL_MILLIS, id -> poll());
          poll();
        });
  }

  /**
   * Gives back the leases this node holds, so that a node started next takes those rows at once
   * instead of after the lease (a conversation's later rows wait behind them). A delivery still in
   * flight may then go out twice: its idempotency key is the same.
   */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timerId);
    return store.write(() -> outbox.releaseLeases(nodeId, clock.instant()))
        .onFailure(error -> log.warn("Could not give back the delivery queue's leases: {}", error.toString()))
        .otherwiseEmpty();
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
    // A write, and awaited: the leases are writes, and a row is delivered only once everything written
    // before it (the row itself, the reply it delivers) is durable.
    store.write(() -> claimDue(room))
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

  /**
   * Leases up to {@code room} due entries that may go now: the head of their conversation's queue, on
   * a channel with a free slot. An entry behind its head is moved to when the head is next tried.
   */
  private List<Outbox.Entry> claimDue(int room) {
    Instant now = clock.instant();
    List<Outbox.Entry> claimed = new ArrayList<>();
    for (Outbox.Entry entry : outbox.due(now, room * READ_AHEAD)) {
      if (claimed.size() >= room) {
        break;
      }
      if (entry.conversationId() != null) {
        Optional<Outbox.Entry> head = outbox.head(entry.conversationId());
        if (head.isPresent() && !head.get().id().equals(entry.id())) {
          // Behind a head that waits for its retry: look again then. Not behind one being delivered: its
          // end makes this entry due (Outbox.remove), and moving it here could undo that, since the two
          // writes may run at once (the entry then waited out the head's whole lease).
          if (head.get().nextAttemptAt().isAfter(now) && !head.get().leaseUntil().isAfter(now)) {
            outbox.waitBehind(entry, head.get().nextAttemptAt());
          }
          continue;
        }
      }
      if (entry.channelId() != null && inFlightByChannel.getOrDefault(entry.channelId(), 0) >= channelLimit(entry.channelId())) {
        continue;
      }
      if (outbox.lease(entry, now.plus(LEASE), nodeId)) {
        if (entry.channelId() != null) {
          inFlightByChannel.merge(entry.channelId(), 1, Integer::sum);
        }
        claimed.add(entry);
      }
    }
    return claimed;
  }

  private int channelLimit(String channelId) {
    return channels.findCached(channelId).map(channel -> adapters.adapter(channel.type()).deliveryConcurrency(channel.settings()))
        .orElse(1);
  }

  private void deliver(Outbox.Entry entry) {
    inFlight++;
    QueuedDelivery other = otherKinds.get(entry.kind());
    Future<Void> delivery = other != null ? sendOther(other, entry)
        : store.writeWithoutWaiting(() -> prepare(entry)).compose(job -> job.map(this::send).orElseGet(Future::succeededFuture));
    delivery
        .onFailure(error -> log.warn("Delivery {} failed unexpectedly; it will be retried: {}", entry.id(), error.toString()))
        .onComplete(ignored -> {
          inFlight--;
          if (entry.channelId() != null) {
            inFlightByChannel.computeIfPresent(entry.channelId(), (id, count) -> count <= 1 ? null : count - 1);
          }
          poll();
        });
  }

  /** One attempt of another kind's delivery, under the same retry and give-up policy as replies. */
  private Future<Void> sendOther(QueuedDelivery kind, Outbox.Entry entry) {
    Future<QueuedDelivery.Done> attempt;
    try {
      attempt = kind.send(entry);
    } catch (RuntimeException e) {
      attempt = Future.failedFuture(e);
    }
    return attempt.transform(result -> store.writeAndPublish(() -> {
      if (result.succeeded()) {
        outbox.remove(entry.id(), entry.conversationId());
        return new Outcome<Void>(null, result.result().record());
      }
      int attempts = entry.attempts() + 1;
      Throwable error = result.cause();
      String reason = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
      if (retryable(error) && attempts < maxAttempts) {
        Instant next = clock.instant().plus(backoff.delayAfter(attempts));
        outbox.reschedule(entry.id(), next, attempts);
        log.info("Delivery {} ({}) failed (attempt {} of {}), retrying at {}: {}", entry.id(), entry.kind(), attempts, maxAttempts, next,
            LogText.withoutIdentities(reason));
        return Outcome.<Void>of(null);
      }
      outbox.bury(entry, attempts, reason);
      log.warn("Delivery {} ({}) given up after {} attempts: {}", entry.id(), entry.kind(), attempts, LogText.withoutIdentities(reason));
      return new Outcome<Void>(null, kind.gaveUp(entry, reason));
    })).mapEmpty();
  }

  private static boolean retryable(Throwable error) {
    return !(error instanceof DeliveryException delivery) || delivery.retryable();
  }

  /**
   * Reads what the delivery needs; an entry whose message is gone or already settled is dropped (a
   * write nobody waits for: a row a crash brings back is dropped again).
   */
  private Optional<Job> prepare(Outbox.Entry entry) {
    Optional<Message> message = messages.find(entry.id());
    String status = message.map(Message::deliveryStatus).orElse(null);
    if (message.isEmpty() || !DeliveryStates.unfinished(status)) {
      outbox.remove(entry.id(), entry.conversationId());
      return Optional.empty();
    }
    Message found = message.get();
    Conversation conversation = conversations.require(found.conversationId());
    int attempts = found.delivery().attempts();
    Optional<Channel> channel = channels.find(found.channelId());
    Optional<Customer> customer = customers.findCurrent(found.customerId());
    if (channel.isEmpty() || customer.isEmpty()) {
      String missing = channel.isEmpty() ? "channel " + found.channelId() : "customer " + found.customerId();
      return Optional.of(new Job(entry, found, conversation, null, null, attempts, missing + " no longer exists"));
    }
    try {
      Optional<Message> answered = messages.lastInbound(found.conversationId(), found.channelId(), ReplyAddress.ANSWERED_LOOK_BACK);
      OutboundPolicy policy = adapters.adapter(channel.get().type()).outboundPolicy();
      Long ticket = conversation.ticket() == null ? null : conversation.ticket().number();
      OutboundMessage outbound = OutboundFactory.create(found, customer.get(), channel.get(), policy, answered, ticket,
          files.of(found, channel.get().type()));
      // Queued before the customer sent STOP: it must not go out now.
      String refused = policy.honoursOptOuts() && outbound.to() != null && optOuts.optedOut(channel.get().id(), outbound.to().value())
          ? "opted_out: " + outbound.to().value() + " sent STOP to this channel" : null;
      return Optional.of(new Job(entry, found, conversation, channel.get(), outbound, attempts, refused));
    } catch (DeliveryException e) {
      return Optional.of(new Job(entry, found, conversation, channel.get(), null, attempts, e.getMessage()));
    }
  }

  private Future<Void> send(Job job) {
    Future<DeliveryReceipt> attempt;
    if (job.problem() != null) {
      attempt = Future.failedFuture(DeliveryException.permanent(job.problem()));
    } else {
      ChannelAdapter adapter = adapters.adapter(job.channel().type());
      attempt = adapter.marksSends() ? markSending(job).compose(inDoubt -> attempt(adapter, job, job.outbound().inDoubtSince(inDoubt)))
          : attempt(adapter, job, job.outbound());
    }
    return attempt.transform(result -> store.writeAndPublish(() -> result.succeeded()
        ? delivered(job, result.result())
        : failed(job, result.cause()))).mapEmpty();
  }

  private static Future<DeliveryReceipt> attempt(ChannelAdapter adapter, Job job, OutboundMessage outbound) {
    try {
      return adapter.deliver(outbound, job.channel().settings());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Records, durably, that a send starts (status {@code sending}, keeping the first start); answers
   * when an earlier attempt started and never finished, or {@code null}.
   */
  private Future<Instant> markSending(Job job) {
    Instant earlier = job.message().delivery().sendingSince();
    return store.write(() -> {
      messages.deliveries().markSending(job.message().id(), clock.instant());
      return earlier;
    });
  }

  private Outcome<Void> delivered(Job job, DeliveryReceipt receipt) {
    String status = receipt.outcome() == DeliveryReceipt.Outcome.SENT ? DeliveryStates.SENT : DeliveryStates.SKIPPED;
    messages.deliveries().recordSent(job.message().id(), status, job.attempts() + 1, receipt.providerMessageId(), receipt.detail(),
        receipt.facts(), clock.instant());
    // The customer's answer to what was just sent finds this conversation by these keys.
    receipt.threadKeys().forEach(key -> conversations.registerThread(key, job.message().conversationId(), false));
    outbox.remove(job.entry().id(), job.entry().conversationId());
    count(job, status);
    return updatedEvent(job);
  }

  private Outcome<Void> failed(Job job, Throwable error) {
    int attempts = job.attempts() + 1;
    String reason = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    if (retryable(error) && attempts < maxAttempts) {
      Instant next = clock.instant().plus(backoff.delayAfter(attempts));
      messages.deliveries().recordRetry(job.message().id(), attempts, reason, next);
      outbox.reschedule(job.entry().id(), next, attempts);
      count(job, "retrying");
      log.info("Delivery of message {} failed (attempt {} of {}), retrying at {}: {}", job.message().id(), attempts, maxAttempts, next,
          LogText.withoutIdentities(reason));
    } else {
      messages.deliveries().recordFailure(job.message().id(), attempts, reason, clock.instant());
      outbox.remove(job.entry().id(), job.entry().conversationId());
      count(job, DeliveryStates.FAILED);
      // The reason stays whole on the message (the agent sees why); the log does not get the customer it names.
      log.warn("Delivery of message {} failed for good after {} attempts: {}", job.message().id(), attempts,
          LogText.withoutIdentities(reason));
    }
    return updatedEvent(job);
  }

  private Outcome<Void> updatedEvent(Job job) {
    Message updated = messages.require(job.message().id());
    return new Outcome<>(null, List.of(new MessageUpdated(updated, job.conversation().assigneeId(),
        job.conversation().queueId())));
  }

  private void count(Job job, String outcome) {
    Counter.builder("omnihub.outbox.deliveries").description("Delivery attempts of replies by channel and outcome")
        .tag("channel", job.message().channel()).tag("outcome", outcome).register(metrics).increment();
  }
}
