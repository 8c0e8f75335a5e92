package dev.omnihub.hub.ingest;

import dev.omnihub.adapters.spi.CallEvent;
import dev.omnihub.adapters.spi.DeliveryStatusUpdate;
import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.adapters.spi.InboundOutcome;
import dev.omnihub.adapters.spi.InboundResult;
import dev.omnihub.adapters.spi.InboundSink;
import dev.omnihub.adapters.spi.IngestAck;
import dev.omnihub.adapters.spi.Signal;
import dev.omnihub.hub.attachments.AttachmentStore;
import dev.omnihub.hub.bots.BotService;
import dev.omnihub.hub.calls.CallIntake;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.conversation.Preview;
import dev.omnihub.hub.conversation.StatusChange;
import dev.omnihub.hub.conversation.ThreadDecision;
import dev.omnihub.hub.conversation.ThreadResolver;
import dev.omnihub.hub.customer.ClaimProofs;
import dev.omnihub.hub.customer.Customer;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.IdentityResolution;
import dev.omnihub.hub.customer.IdentityResolver;
import dev.omnihub.hub.customer.OptOuts;
import dev.omnihub.hub.events.ConversationCreated;
import dev.omnihub.hub.events.ConversationSignal;
import dev.omnihub.hub.events.ConversationUpdated;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.LogWrite;
import dev.omnihub.hub.events.MessageCreated;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.outbound.DeliveryStatuses;
import dev.omnihub.hub.service.ResolutionEvents;
import dev.omnihub.hub.store.Ids;
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
  private final CustomerStore customers;
  private final DeliveryStatuses deliveryStatuses;
  private final AttachmentStore files;
  private final IngestMetrics metrics;
  private final ClaimProofs claimProofs;
  private final OptOuts optOuts;
  private final CallIntake calls;
  private final BotService bots;
  private final Clock clock;

  public IngestPipeline(PublishingStore store, IdentityResolver identities, ThreadResolver threads, ConversationStore conversations,
      MessageStore messages, CustomerStore customers, ClaimProofs claimProofs, OptOuts optOuts, DeliveryStatuses deliveryStatuses,
      AttachmentStore files, CallIntake calls, BotService bots, InboundAnswers answers, IngestMetrics metrics, Clock clock) {
    this.store = store;
    this.answers = answers;
    this.bots = bots;
    this.calls = calls;
    this.optOuts = optOuts;
    this.claimProofs = claimProofs;
    this.identities = identities;
    this.threads = threads;
    this.conversations = conversations;
    this.messages = messages;
    this.customers = customers;
    this.deliveryStatuses = deliveryStatuses;
    this.files = files;
    this.metrics = metrics;
    this.clock = clock;
  }

  private final InboundAnswers answers;

  @Override
  public Future<InboundOutcome> submit(InboundResult result) {
    return switch (result) {
      case InboundMessage message when !message.automated() -> accept(message).map(InboundOutcome.Stored::new);
      case InboundMessage automated -> store.writeAndPublish(write -> ingestAutomated(automated, write));
      case DeliveryStatusUpdate update -> store.writeAndPublish(() -> deliveryStatuses.apply(update));
      case CallEvent call -> store.writeAndPublish(() -> calls.record(call));
      // A read receipt is kept (nothing the customer saw is emailed to them); typing is only passed on.
      case Signal signal when signal.kind() == Signal.Kind.READ -> store.writeAndPublish(() -> passOn(signal));
      case Signal signal -> store.readAndPublish(() -> passOn(signal));
      case InboundResult.Ignored ignored -> Future.succeededFuture(new InboundOutcome.Dropped(ignored.reason()));
    };
  }

  @Override
  public Future<IngestAck> accept(InboundMessage message) {
    long started = System.nanoTime();
    return store.writeAndPublish(write -> ingest(message, write))
        .onComplete(result -> metrics.record(message.channel().type(), result, System.nanoTime() - started));
  }

  /** The blocking steps; see the class comment. */
  Outcome<IngestAck> ingest(InboundMessage message, LogWrite write) {
    String dedupeKey = MessageStore.dedupeKey(message.channel().id(), message.externalId());
    Optional<Message> stored = messages.findByDedupeKey(dedupeKey);
    if (stored.isPresent()) {
      return duplicate(stored.get(), message, write);
    }
    Optional<Outcome<IngestAck>> answered = answers.answer(message, dedupeKey, write);
    if (answered.isPresent()) {
      return answered.get();
    }
    Instant now = clock.instant();
    IdentityResolution sender = identities.resolve(message.sender());
    String preview = Preview.of(message.text(), message.attachments().size());
    // A customer this message created has no conversation to continue.
    Optional<StatusChange> continued = message.thread().follows().isEmpty() && !sender.created()
        ? conversations.recordInboundInOpenDefault(sender.customerId(), message.channel(), now, preview)
        : Optional.empty();
    if (continued.isPresent()) {
      return store(new Arrival(message, sender, now, dedupeKey, preview), new ThreadDecision(continued.get().after(), false, Set.of()),
          continued.get(), write);
    }
    // A hint into another customer's conversation is followed only by an answer proving a claim of theirs.
    ThreadDecision thread = threads.resolve(sender.customerId(), message.thread(), now,
        (key, conversation) -> claimProofs.proves(conversation.customerId(), message.sender(), key), sender.created());
    if (thread.adopted()) {
      sender = claimProofs.join(sender, thread.conversation().customerId(), message.sender());
    }
    return store(new Arrival(message, sender, now, dedupeKey, preview), thread, null, write);
  }

  /**
   * An auto-reply or list mail: a system line of the conversation it belongs to (its thread, else the
   * sender's default thread), which it neither reopens nor makes wait for an answer; dropped when the
   * sender is unknown or has no conversation, so it never creates a customer or a conversation.
   */
  Outcome<InboundOutcome> ingestAutomated(InboundMessage message, LogWrite write) {
    String dedupeKey = MessageStore.dedupeKey(message.channel().id(), message.externalId());
    Optional<Message> stored = messages.findByDedupeKey(dedupeKey);
    if (stored.isPresent()) {
      return Outcome.of(new InboundOutcome.Stored(new IngestAck(stored.get().id(), stored.get().conversationId(),
          stored.get().customerId(), true)));
    }
    Optional<String> customerId = identities.lookup(message.sender());
    Optional<Conversation> conversation = customerId.flatMap(id -> threads.existing(id, message.thread()));
    if (conversation.isEmpty()) {
      return Outcome.of(new InboundOutcome.Dropped("an automated message outside any conversation"));
    }
    storeFiles(message, dedupeKey);
    Document document = MessageStore.automated(Ids.newId(), conversation.get().id(), customerId.get(), message, clock.instant());
    if (!messages.insertIfNew(document, write.cursorForNewMessage(document.getString("_id")))) {
      Message twin = messages.findByDedupeKey(dedupeKey).orElseThrow();
      return Outcome.of(new InboundOutcome.Stored(new IngestAck(twin.id(), twin.conversationId(), twin.customerId(), true)));
    }
    IngestAck ack = new IngestAck(document.getString("_id"), conversation.get().id(), customerId.get(), false);
    return new Outcome<>(new InboundOutcome.Stored(ack), List.of(new MessageCreated(MessageStore.toMessage(document),
        conversation.get().assigneeId(), conversation.get().queueId())));
  }

  /**
   * A typing or read signal, passed on to whoever sees the sender's conversation; a read is also kept
   * on the conversation (blocking: a write for a read, a read for typing).
   */
  Outcome<InboundOutcome> passOn(Signal signal) {
    Optional<String> customerId = identities.lookup(signal.sender());
    Optional<Conversation> conversation = customerId.flatMap(id -> threads.existing(id, signal.thread()));
    if (conversation.isEmpty()) {
      return Outcome.of(new InboundOutcome.Signaled(null));
    }
    Conversation found = conversation.get();
    if (signal.kind() == Signal.Kind.READ) {
      conversations.customerRead(found.id());
    }
    return new Outcome<>(new InboundOutcome.Signaled(found.id()), List.of(new ConversationSignal(signal.kind().wireName(), found.id(),
        "customer", customerId.get(), signal.seq(), found.assigneeId(), found.queueId())));
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
  private Outcome<IngestAck> store(Arrival arrival, ThreadDecision thread, StatusChange recorded, LogWrite write) {
    InboundMessage message = arrival.message();
    storeFiles(message, arrival.dedupeKey());
    Document document = MessageStore.inbound(Ids.newId(), thread.conversation().id(), arrival.sender().customerId(), message, arrival.at());
    if (!messages.insertIfNew(document, write.cursorForNewMessage(document.getString("_id")))) {
      // The same delivery arrived concurrently and its twin was stored first.
      return duplicate(messages.findByDedupeKey(arrival.dedupeKey()).orElseThrow(), message, write);
    }
    StatusChange change = recorded != null ? recorded
        : conversations.recordInbound(thread.conversation(), message.channel(), arrival.at(), arrival.preview());
    threads.register(message.thread(), change.after(), thread.keysLeadingHere());
    Customer created = null;
    if (arrival.sender().created()) {
      // The new profile, read back by the write of its first address: what its customer.created shows.
      created = customers.rememberFirstContact(arrival.sender().customerId(), message.channel().id(),
          message.address().kind().wireName(), message.address().value()).orElse(null);
    } else if (!arrival.sender().lastWroteFrom(message.channel().id(), message.address().value())) {
      customers.rememberContact(arrival.sender().customerId(), message.channel().id(), message.address().kind().wireName(),
          message.address().value());
    }
    String optOut = message.metadata().get(InboundMessage.CONSENT);
    if (optOut != null) {
      // STOP or START: kept as a message, and honoured by every outbound path from now on.
      optOuts.apply(optOut, message.channel().type().wireName(), message.channel().id(), message.address().value(), arrival.sender().customerId(), message.text().strip());
    }
    // A new conversation on a bot's channel is the bot's; a bot's conversation queues the bot's event.
    Conversation handled = bots.customerWrote(change.after(), thread.created(), MessageStore.toMessage(document), arrival.at());
    if (handled != change.after()) {
      change = new StatusChange(change.before(), handled);
    }

    List<HubEvent> events = new ArrayList<>();
    ResolutionEvents.addTo(events, arrival.sender(), created, customers);
    events.addAll(conversationEvents(thread.created(), change));
    Conversation after = change.after();
    events.add(new MessageCreated(MessageStore.toMessage(document), after.assigneeId(), after.queueId()));
    IngestAck ack = new IngestAck(document.getString("_id"), after.id(), arrival.sender().customerId(), false);
    return new Outcome<>(ack, events);
  }


  /** The files a message carries, stored before the message that lists them (once, whatever the retries). */
  private void storeFiles(InboundMessage message, String dedupeKey) {
    for (int i = 0; i < message.attachments().size(); i++) {
      if (message.attachments().get(i).content() != null) {
        files.store(AttachmentStore.idFor(dedupeKey, i), message.attachments().get(i));
      }
    }
  }

  /**
   * Answers a redelivery with the original ids. If a crash came between storing the message and
   * updating its conversation, the update is made now.
   */
  private Outcome<IngestAck> duplicate(Message original, InboundMessage message, LogWrite write) {
    IngestAck ack = new IngestAck(original.id(), original.conversationId(), original.customerId(), true);
    Optional<Conversation> conversation = conversations.find(original.conversationId());
    List<HubEvent> relogged = relogIfUnconfirmed(original, conversation, write);
    if (original.direction() != Direction.INBOUND) {
      // Stored as an answer (a survey's digit, a system line): it never touched the conversation.
      return new Outcome<>(ack, relogged);
    }
    boolean touched = conversation.map(c -> c.lastInboundAt() != null && !c.lastInboundAt().isBefore(original.createdAt())).orElse(true);
    if (touched) {
      return new Outcome<>(ack, relogged);
    }
    StatusChange change = conversations.recordInbound(conversation.get(), message.channel(), original.createdAt(), Preview.of(message.text(), message.attachments().size()));
    threads.register(message.thread(), change.after(), Set.of());
    List<HubEvent> events = new ArrayList<>(relogged);
    events.addAll(conversationEvents(false, change));
    return new Outcome<>(ack, events);
  }

  /**
   * The first write of this message became durable too late to be acknowledged (its node was paused
   * past its place in the cluster), so readers may have passed its log entry: this retry logs it again
   * under a new cursor, once however many retries race.
   */
  private List<HubEvent> relogIfUnconfirmed(Message original, Optional<Conversation> conversation, LogWrite write) {
    if (!messages.isUnconfirmed(original.id()) || !messages.relog(original.id(), write.cursorForNewMessage(original.id()))) {
      return List.of();
    }
    return List.of(new MessageCreated(messages.require(original.id()), conversation.map(Conversation::assigneeId).orElse(null),
        conversation.map(Conversation::queueId).orElse(null)));
  }

  private static List<HubEvent> conversationEvents(boolean created, StatusChange change) {
    if (created) {
      return List.of(new ConversationCreated(change.after()));
    }
    if (change.statusChanged()) {
      return List.of(new ConversationUpdated(change.after(), List.of("status"), change.before().assigneeId()));
    }
    return List.of();
  }
}
