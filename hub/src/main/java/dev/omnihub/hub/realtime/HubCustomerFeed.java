package dev.omnihub.hub.realtime;

import dev.omnihub.adapters.spi.ChannelRef;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.CustomerFeed;
import dev.omnihub.adapters.spi.FeedMessage;
import dev.omnihub.adapters.spi.Signal;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ListedAttachment;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.csat.CsatSurveys;
import dev.omnihub.hub.events.ConversationSignal;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.events.MessageCreated;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One contact's feed on one channel: the customer-visible messages of their conversations that used
 * the channel, in event-log order, each once. It follows before it fixes the horizon: what settles from
 * then on is handed over by the {@link CustomerFeedRouter}, what settled before is in the store (up to
 * the horizon) or still in the log's memory (above it); a message is released only once the horizon
 * passed it, so nothing is handed over out of order or twice, whichever node wrote it.
 */
final class HubCustomerFeed implements CustomerFeed {

  private final HubCustomerFeeds.Sources sources;
  private final ChannelRef channel;
  private final Contact contact;
  private final String senderKey;
  private final Listener listener;
  private final Context context;
  /** Messages handed over by the router, released in cursor order once the horizon passed them. */
  private final ConcurrentSkipListMap<Long, EventLog.Logged> buffered = new ConcurrentSkipListMap<>();
  private final AtomicBoolean wakeScheduled = new AtomicBoolean();
  private final Set<String> keys = new HashSet<>();
  /** The messages handed over, by id: the replay and the router may both see one near the horizon. */
  private final Set<String> handed = new HashSet<>();
  /** The contact's chats: their conversations that used this channel. */
  private final Set<String> conversations = new HashSet<>();
  private String customerId;
  private boolean replayed;
  private boolean closed;

  HubCustomerFeed(HubCustomerFeeds.Sources sources, ChannelRef channel, Contact contact, String senderKey, Listener listener) {
    this.sources = sources;
    this.channel = channel;
    this.contact = contact;
    this.senderKey = senderKey;
    this.listener = listener;
    this.context = sources.vertx().getOrCreateContext();
  }

  /** Replays, then goes live. Call on the listener's context. */
  void start() {
    follow(CustomerFeedRouter.senderKey(senderKey));
    sources.store().read(this::chats).compose(chats -> {
      if (closed) {
        return Future.succeededFuture(new History(null, List.of(), List.of()));
      }
      if (chats.customerId() != null) {
        follow(CustomerFeedRouter.customerKey(chats.customerId()));
      }
      chats.conversationIds().forEach(id -> follow(CustomerFeedRouter.conversationKey(id)));
      long horizon = sources.events().horizon();
      List<EventLog.Logged> recent = sources.events().recentBetween(horizon, Long.MAX_VALUE, Integer.MAX_VALUE).orElse(List.of());
      return sources.store().read(() -> {
        sources.events().render(recent).forEach(this::enqueue);
        return new History(chats.customerId(), chats.conversationIds(),
            sources.messages().customerVisible(chats.conversationIds(), horizon));
      });
    }).onComplete(result -> {
      if (closed) {
        return;
      }
      if (result.failed()) {
        closed = true;
        sources.router().unfollow(keys, this);
        listener.failed(result.cause());
        return;
      }
      customerId = result.result().customerId();
      conversations.addAll(result.result().conversationIds());
      result.result().messages().forEach(this::hand);
      replayed = true;
      listener.replayed();
      release();
    });
  }

  /** What the contact has seen so far. */
  private record History(String customerId, List<String> conversationIds, List<Message> messages) {
  }

  /**
   * The contact's chats (blocking): their customer and its conversations that used this channel.
   * Following all of them keeps a feed going when a resolved chat gives way to a new one.
   */
  private History chats() {
    Optional<String> customer = sources.identities().lookup(contact);
    if (customer.isEmpty()) {
      return new History(null, List.of(), List.of());
    }
    List<String> chats = sources.conversations().ofCustomerOnChannel(customer.get(), channel.id()).stream().map(Conversation::id).toList();
    return new History(customer.get(), chats, List.of());
  }

  @Override
  public Future<Integer> placeOf(String messageId) {
    return sources.store().read(() -> {
      History chats = chats();
      List<String> visible = sources.messages().customerVisible(chats.conversationIds(), Long.MAX_VALUE).stream().map(Message::id).toList();
      return visible.indexOf(messageId) + 1;
    });
  }

  @Override
  public void resume() {
    wake();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    sources.router().unfollow(keys, this);
  }

  private void follow(String key) {
    if (keys.add(key)) {
      sources.router().follow(key, this);
    }
  }

  /** The router hands over a message (on the settling thread). */
  void enqueue(EventLog.Logged entry) {
    buffered.put(entry.cursor(), entry);
  }

  /** Releases what the horizon passed, on the listener's context (coalesced). */
  void wake() {
    if (wakeScheduled.compareAndSet(false, true)) {
      context.runOnContext(ignored -> {
        wakeScheduled.set(false);
        release();
      });
    }
  }

  private void release() {
    if (closed || !replayed || !listener.ready()) {
      return;
    }
    long horizon = sources.events().horizon();
    for (var first = buffered.firstEntry(); first != null && first.getKey() <= horizon; first = buffered.firstEntry()) {
      buffered.remove(first.getKey());
      offer(first.getValue());
    }
    sources.router().holds(this, !buffered.isEmpty());
  }

  /** Hands a logged event over if it is a message of the contact's chats that a customer sees. */
  private void offer(EventLog.Logged event) {
    if (!event.customerVisible() || !(event.event() instanceof MessageCreated created) || !ours(created.message())) {
      return;
    }
    Message message = created.message();
    conversations.add(message.conversationId());
    customerId = message.customerId();
    follow(CustomerFeedRouter.conversationKey(message.conversationId()));
    follow(CustomerFeedRouter.customerKey(customerId));
    hand(message);
  }

  private void hand(Message message) {
    if (handed.add(message.id())) {
      listener.message(feedMessage(message));
    }
  }

  /**
   * A message of the contact's chats: in a conversation of theirs already followed, or one of theirs on
   * this channel (which starts following its conversation: their first message, a new chat after a
   * resolved one, an agent answering on this channel).
   */
  private boolean ours(Message message) {
    if (conversations.contains(message.conversationId())) {
      return true;
    }
    if (!channel.id().equals(message.channelId())) {
      return false;
    }
    if (customerId != null) {
      return customerId.equals(message.customerId());
    }
    String externalId = message.externalId();
    return externalId != null && externalId.startsWith(senderKey + ":");
  }

  /** An agent typing in, or reading, one of the contact's chats (never who); other signals are not theirs. */
  void signal(ConversationSignal signal) {
    context.runOnContext(ignored -> {
      if (closed || !replayed || !"agent".equals(signal.authorType()) || !conversations.contains(signal.conversationId())) {
        return;
      }
      listener.agentSignal("read".equals(signal.type()) ? Signal.Kind.READ : Signal.Kind.TYPING);
    });
  }

  static FeedMessage feedMessage(Message message) {
    List<FeedMessage.File> files = new ArrayList<>();
    List<ListedAttachment> listed = message.attachments();
    for (int i = 0; i < listed.size(); i++) {
      ListedAttachment file = listed.get(i);
      if (file.kept()) {
        files.add(new FeedMessage.File(i, file.fileName(), file.contentType(), file.size()));
      }
    }
    return new FeedMessage(message.id(), message.conversationId(), message.direction().wireName(), message.author().type(),
        message.author().name(), message.text(), message.createdAt(), files, message.externalId(), message.fact(CsatSurveys.SURVEY_ID));
  }
}
