package dev.omnihub.hub.ingest;

import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.adapters.spi.InboundSink;
import dev.omnihub.adapters.spi.IngestAck;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.conversation.Preview;
import dev.omnihub.hub.conversation.StatusChange;
import dev.omnihub.hub.conversation.ThreadDecision;
import dev.omnihub.hub.conversation.ThreadResolver;
import dev.omnihub.hub.customer.IdentityResolution;
import dev.omnihub.hub.customer.IdentityResolver;
import dev.omnihub.hub.customer.MergeResult;
import dev.omnihub.hub.events.ConversationCreated;
import dev.omnihub.hub.events.ConversationUpdated;
import dev.omnihub.hub.events.CustomerMerged;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.MessageCreated;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.views.Views;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;

/**
 * Every inbound message, whatever its channel, goes through here: identity, thread, persist, then
 * (once durable) publish. Idempotent on (channel, externalId): a redelivery returns the original ids
 * with {@code duplicate: true} and writes nothing new. The returned future succeeds only after the
 * group commit that covers the message, so adapters may acknowledge on success.
 */
public final class IngestPipeline implements InboundSink {

  private final PublishingStore store;
  private final IdentityResolver identities;
  private final ThreadResolver threads;
  private final ConversationStore conversations;
  private final MessageStore messages;
  private final IngestMetrics metrics;
  private final Clock clock;

  public IngestPipeline(PublishingStore store, IdentityResolver identities, ThreadResolver threads, ConversationStore conversations,
      MessageStore messages, IngestMetrics metrics, Clock clock) {
    this.store = store;
    this.identities = identities;
    this.threads = threads;
    this.conversations = conversations;
    this.messages = messages;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public Future<IngestAck> accept(InboundMessage message) {
    long started = System.nanoTime();
    return store.writeAndPublish(() -> ingest(message))
        .onComplete(result -> metrics.record(message.channel().type(), result, System.nanoTime() - started));
  }

  /** The blocking steps; see the class comment. */
  Outcome<IngestAck> ingest(InboundMessage message) {
    String dedupeKey = MessageStore.dedupeKey(message.channel().id(), message.externalId());
    Optional<Message> stored = messages.findByDedupeKey(dedupeKey);
    if (stored.isPresent()) {
      return duplicate(stored.get(), message);
    }
    Instant now = clock.instant();
    IdentityResolution sender = identities.resolve(message.sender());
    String preview = Preview.of(message.text(), message.attachments().size());
    Optional<StatusChange> continued = message.thread().follows().isEmpty()
        ? conversations.recordInboundInOpenDefault(sender.customerId(), message.channel(), now, preview)
        : Optional.empty();
    Arrival arrival = new Arrival(message, sender, now, dedupeKey, preview);
    if (continued.isPresent()) {
      return store(arrival, new ThreadDecision(continued.get().after(), false, Set.of()), continued.get());
    }
    return store(arrival, threads.resolve(sender.customerId(), message.thread(), now), null);
  }

  /** A new message on its way into the store, with what was learnt about it so far. */
  private record Arrival(InboundMessage message, IdentityResolution sender, Instant at, String dedupeKey, String preview) {
  }

  /**
   * Stores the message in the thread chosen for it. The common case (no thread hint, the sender's
   * default thread is open) has already updated the conversation in the same step that found it
   * ({@code recorded}); otherwise the conversation is updated after the message is stored. Either way
   * a crash in between is repaired by the channel's retry: the message is not acknowledged yet.
   */
  private Outcome<IngestAck> store(Arrival arrival, ThreadDecision thread, StatusChange recorded) {
    InboundMessage message = arrival.message();
    Document document = MessageStore.inbound(Ids.newId(), thread.conversation().id(), arrival.sender().customerId(), message, arrival.at());
    if (!messages.insertIfNew(document)) {
      // The same delivery arrived concurrently and its twin was stored first.
      return duplicate(messages.findByDedupeKey(arrival.dedupeKey()).orElseThrow(), message);
    }
    StatusChange change = recorded != null ? recorded
        : conversations.recordInbound(thread.conversation(), message.channel(), arrival.at(), arrival.preview());
    threads.register(message.thread(), change.after(), thread.keysLeadingHere());

    List<HubEvent> events = new ArrayList<>();
    for (MergeResult merge : arrival.sender().merges()) {
      events.add(new CustomerMerged(merge.survivorId(), merge.loserId(), merge.movedConversations()));
    }
    events.addAll(conversationEvents(thread.created(), change));
    Conversation after = change.after();
    events.add(new MessageCreated(Views.message(MessageStore.toMessage(document)), after.assigneeId(), after.queueId()));
    IngestAck ack = new IngestAck(document.getString("_id"), after.id(), arrival.sender().customerId(), false);
    return new Outcome<>(ack, events);
  }

  /**
   * Answers a redelivery with the original ids. If a crash came between storing the message and
   * updating its conversation, the update is made now.
   */
  private Outcome<IngestAck> duplicate(Message original, InboundMessage message) {
    IngestAck ack = new IngestAck(original.id(), original.conversationId(), original.customerId(), true);
    Optional<Conversation> conversation = conversations.find(original.conversationId());
    boolean touched = conversation.map(c -> c.lastInboundAt() != null && !c.lastInboundAt().isBefore(original.createdAt())).orElse(true);
    if (touched) {
      return Outcome.of(ack);
    }
    StatusChange change = conversations.recordInbound(conversation.get(), message.channel(), original.createdAt(), Preview.of(message.text(), message.attachments().size()));
    threads.register(message.thread(), change.after(), Set.of());
    return new Outcome<>(ack, conversationEvents(false, change));
  }

  private static List<HubEvent> conversationEvents(boolean created, StatusChange change) {
    if (created) {
      return List.of(new ConversationCreated(Views.conversation(change.after())));
    }
    if (change.statusChanged()) {
      return List.of(new ConversationUpdated(Views.conversation(change.after()), List.of("status"), change.before().assigneeId()));
    }
    return List.of();
  }
}
