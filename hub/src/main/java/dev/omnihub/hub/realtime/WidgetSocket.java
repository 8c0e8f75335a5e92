package dev.omnihub.hub.realtime;

import dev.omnihub.adapters.chat.ChatSettings;
import dev.omnihub.adapters.spi.Attachment;
import dev.omnihub.adapters.spi.ChannelRef;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.adapters.spi.IngestAck;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.Signal;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.errors.RateLimitedException;
import dev.omnihub.hub.events.ConversationSignal;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.events.MessageCreated;
import dev.omnihub.hub.views.Views;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One visitor's widget socket ({@code /ws/widget}): the messages of the visitor's conversation that a
 * customer may see, numbered {@code seq} 1, 2, 3... in event-log order, each once. On connect it sends
 * every message after {@code since}, then live ones, up to the log's horizon like the agent socket, so
 * a reconnect misses nothing and repeats nothing. A message the visitor sends is acknowledged with its
 * id and {@code seq} only once it is stored; the same {@code clientId} again is acknowledged again with
 * the same ids and stored once. Private notes and system lines never reach it.
 */
final class WidgetSocket {

  private static final Logger log = LoggerFactory.getLogger(WidgetSocket.class);
  static final int MAX_TEXT = 10_000;
  /** Frames up to this are read on the event loop; a message with a file is longer and is read on a worker. */
  static final int INLINE_FRAME_CHARS = 64 * 1024;
  private static final int MAX_CLIENT_ID = 100;

  private final Vertx vertx;
  private final ServerWebSocket socket;
  private final WidgetServices.Chat services;
  private final ChannelRef channel;
  private final VisitorTokens.Visitor visitor;
  private final String address;
  private final int maxAttachmentBytes;
  /** The long frames being decoded on a worker, the last one's turn; {@code null} when none is. */
  private Future<?> decoding;
  /** The visitor's last message on its way into the store; the next one is submitted after it. */
  private Future<?> storing = Future.succeededFuture();
  private final WidgetRouter router;
  /** Messages handed over by the router, released in cursor order once the horizon passed them. */
  private final java.util.concurrent.ConcurrentSkipListMap<Long, EventLog.Logged> buffered = new java.util.concurrent.ConcurrentSkipListMap<>();
  private final java.util.concurrent.atomic.AtomicBoolean wakeScheduled = new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.Set<String> keys = new java.util.HashSet<>();
  private final io.vertx.core.Context context;
  private boolean replayed;
  /** The seq of each message this socket numbered, by message id. */
  private final Map<String, Integer> seqs = new HashMap<>();
  /** Messages the visitor sent that are stored but not numbered yet: their clientId, by message id. */
  private final Map<String, String> pendingAcks = new HashMap<>();
  private String customerId;
  /** The visitor's chats: the customer's conversations that used this channel. */
  private final java.util.Set<String> conversations = new java.util.HashSet<>();
  private int lastSeq;
  private boolean closed;

  WidgetSocket(Vertx vertx, ServerWebSocket socket, WidgetServices.Chat services, String channelId, ChatSettings settings,
      VisitorTokens.Visitor visitor, String address) {
    this.maxAttachmentBytes = settings.maxAttachmentBytes();
    this.vertx = vertx;
    this.socket = socket;
    this.services = services;
    this.channel = new ChannelRef(ChannelType.CHAT, channelId);
    this.visitor = visitor;
    this.address = address;
    this.router = services.router();
    this.context = vertx.getOrCreateContext();
  }

  /** Replays after {@code since}, then goes live. Call on the socket's context. */
  void start(int since) {
    socket.textMessageHandler(this::received);
    socket.closeHandler(ignored -> close());
    socket.drainHandler(ignored -> wake());
    follow(WidgetRouter.visitorKey(visitor.visitorId()));
    services.store().read(this::chats).compose(chats -> {
      if (closed) {
        return io.vertx.core.Future.succeededFuture(new History(null, List.of(), List.of()));
      }
      // Follow first, then fix the horizon: what settles from now on is handed over, what settled
      // before is in the store (up to the horizon) or still in the log's memory (above it).
      if (chats.customerId() != null) {
        follow(WidgetRouter.customerKey(chats.customerId()));
      }
      chats.conversationIds().forEach(id -> follow(WidgetRouter.conversationKey(id)));
      long horizon = services.events().horizon();
      List<EventLog.Logged> recent = services.events().recentBetween(horizon, Long.MAX_VALUE, Integer.MAX_VALUE).orElse(List.of());
      return services.store().read(() -> {
        services.events().render(recent).forEach(this::enqueue);
        return new History(chats.customerId(), chats.conversationIds(), services.messages().customerVisible(chats.conversationIds(), horizon));
      });
    }).onComplete(result -> {
      if (closed) {
        return;
      }
      if (result.failed()) {
        log.warn("Could not read a visitor's conversation: {}", result.cause().toString());
        socket.close((short) 1011, "unavailable");
        return;
      }
      customerId = result.result().customerId();
      conversations.addAll(result.result().conversationIds());
      for (Message message : result.result().messages()) {
        int seq = number(message.id());
        if (seq > since) {
          send(message, seq);
        }
      }
      replayed = true;
      socket.resume();
      release();
    });
  }

  /** What a visitor has seen so far. */
  private record History(String customerId, List<String> conversationIds, List<Message> messages) {
  }

  /**
   * The visitor's chats (blocking): their customer and its conversations that used this channel.
   * Numbering over all of them keeps {@code seq} going when a resolved chat gives way to a new one.
   */
  private History chats() {
    Optional<String> customer = services.identities().lookup(contact());
    if (customer.isEmpty()) {
      return new History(null, List.of(), List.of());
    }
    List<String> chats = services.conversations().ofCustomerOnChannel(customer.get(), channel.id()).stream().map(Conversation::id).toList();
    return new History(customer.get(), chats, List.of());
  }

  /** The visitor's chats and all their visible messages (blocking). */
  private History history(long horizon) {
    History chats = chats();
    return new History(chats.customerId(), chats.conversationIds(), services.messages().customerVisible(chats.conversationIds(), horizon));
  }

  private void follow(String key) {
    if (keys.add(key)) {
      router.follow(key, this);
    }
  }

  /** The router hands over a message (on the settling thread). */
  void enqueue(EventLog.Logged entry) {
    buffered.put(entry.cursor(), entry);
  }

  /** Releases what the horizon passed, on the socket's context (coalesced). */
  void wake() {
    if (wakeScheduled.compareAndSet(false, true)) {
      context.runOnContext(ignored -> {
        wakeScheduled.set(false);
        release();
      });
    }
  }

  private void release() {
    if (closed || !replayed || socket.writeQueueFull()) {
      return;
    }
    long horizon = services.events().horizon();
    for (var first = buffered.firstEntry(); first != null && first.getKey() <= horizon; first = buffered.firstEntry()) {
      buffered.remove(first.getKey());
      offer(first.getValue());
    }
    router.holds(this, !buffered.isEmpty());
  }

  private int number(String messageId) {
    return seqs.computeIfAbsent(messageId, id -> ++lastSeq);
  }

  /** Sends a logged event if it is a message of this visitor's conversation that a customer sees. */
  private void offer(EventLog.Logged event) {
    if (!event.customerVisible() || !"message.created".equals(event.type())) {
      return;
    }
    if (!(event.event() instanceof MessageCreated created) || !ours(created.message())) {
      return;
    }
    Message message = created.message();
    conversations.add(message.conversationId());
    customerId = message.customerId();
    follow(WidgetRouter.conversationKey(message.conversationId()));
    follow(WidgetRouter.customerKey(customerId));
    String id = message.id();
    boolean fresh = !seqs.containsKey(id);
    int seq = number(id);
    if (fresh) {
      send(message, seq);
    }
    String clientId = pendingAcks.remove(id);
    if (clientId != null) {
      ack(clientId, id, seq);
    }
  }

  /**
   * A message of the visitor's chats: in a conversation of theirs already followed, or one of theirs on
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
    return externalId != null && externalId.startsWith(visitor.visitorId() + ":");
  }

  private void send(Message message, int seq) {
    JsonObject frame = new JsonObject().put("type", "message").put("seq", seq).put("messageId", message.id())
        .put("direction", message.direction().wireName())
        .put("author", new JsonObject().put("type", message.author().type()).put("name", message.author().name()))
        .put("text", message.text()).put("createdAt", Views.time(message.createdAt()));
    io.vertx.core.json.JsonArray files = WidgetAttachment.listed(message, channel.id());
    if (!files.isEmpty()) {
      frame.put("attachments", files);
    }
    String externalId = message.externalId();
    if (message.direction() == Direction.INBOUND && externalId != null && externalId.startsWith(visitor.visitorId() + ":")) {
      frame.put("clientId", externalId.substring(visitor.visitorId().length() + 1));
    }
    socket.writeTextMessage(frame.encode());
  }

  private void ack(String clientId, String messageId, int seq) {
    socket.writeTextMessage(new JsonObject().put("type", "ack").put("clientId", clientId).put("messageId", messageId).put("seq", seq)
        .encode());
  }

  /**
   * A visitor's frame. A long one (a file: up to 7 MiB of base64) is parsed and decoded on a worker,
   * which took the event loop tens of milliseconds; the frames after it wait their turn, so a
   * visitor's messages are still taken in the order sent.
   */
  private void received(String text) {
    if (decoding == null && text.length() <= INLINE_FRAME_CHARS) {
      received(DecodedFrame.of(text, maxAttachmentBytes));
      return;
    }
    Future<DecodedFrame> decoded = text.length() <= INLINE_FRAME_CHARS ? Future.succeededFuture(DecodedFrame.of(text, maxAttachmentBytes))
        : vertx.executeBlocking(() -> DecodedFrame.of(text, maxAttachmentBytes), false);
    Future<?> before = decoding == null ? Future.succeededFuture() : decoding;
    Future<DecodedFrame> turn = before.transform(ignored -> decoded);
    decoding = turn;
    turn.onComplete(result -> {
      if (decoding == turn) {
        decoding = null;
      }
      if (result.succeeded()) {
        received(result.result());
      }
    });
  }

  private void received(DecodedFrame decoded) {
    if (decoded.frame() == null) {
      SocketFrames.error(socket, "invalid_json", "frames are JSON objects");
      return;
    }
    JsonObject frame = decoded.frame();
    switch (String.valueOf(frame.getValue("type"))) {
      case "ping" -> SocketFrames.pong(socket);
      case "message" -> message(frame, decoded);
      case "typing" -> signal(Signal.Kind.TYPING, null);
      case "read" -> signal(Signal.Kind.READ, frame.getValue("seq") instanceof Number seq ? seq.longValue() : null);
      default -> error("unknown_type", "unknown frame type '" + frame.getValue("type") + "'; expected message, typing, read or ping");
    }
  }

  private void message(JsonObject frame, DecodedFrame decoded) {
    Object clientId = frame.getValue("clientId");
    Object text = frame.getValue("text");
    if (!(clientId instanceof String id) || id.isBlank() || id.length() > MAX_CLIENT_ID || !id.matches("[A-Za-z0-9_-]+")) {
      error("invalid_field", "clientId must be a UUID or another id of at most " + MAX_CLIENT_ID + " letters, digits, - and _");
      return;
    }
    if (decoded.fileRejected() != null) {
      InputRejectedException rejected = decoded.fileRejected();
      socket.writeTextMessage(new JsonObject().put("type", "error").put("code", rejected.code()).put("message", rejected.getMessage())
          .put("clientId", id).encode());
      return;
    }
    List<Attachment> files = decoded.files();
    String body = text instanceof String given ? given : "";
    if (!(text == null || text instanceof String) || body.length() > MAX_TEXT || (body.isBlank() && files.isEmpty())) {
      error("invalid_field", "text must be at most " + MAX_TEXT + " characters, and not empty unless a file is attached");
      return;
    }
    try {
      services.messagesPerVisitor().acquire(visitor.visitorId());
      services.messagesPerAddress().acquire(address);
    } catch (RateLimitedException e) {
      socket.writeTextMessage(new JsonObject().put("type", "error").put("code", "rate_limited").put("message", e.getMessage())
          .put("clientId", id).put("retryAfter", e.retryAfterSeconds()).encode());
      return;
    }
    InboundMessage message = new InboundMessage(channel, visitor.visitorId() + ":" + id, contact(), body, null, files, null, null,
        Map.of());
    // One after the other: a photo and the words typed right after it are stored (and numbered) in the order sent.
    Future<IngestAck> stored = storing.transform(ignored -> services.sink().accept(message));
    storing = stored;
    stored.onComplete(result -> {
      if (closed) {
        return;
      }
      if (result.failed()) {
        Throwable error = result.cause();
        error(error instanceof InputRejectedException rejected ? rejected.code() : "unavailable",
            error instanceof InputRejectedException ? error.getMessage() : "the message could not be stored; send it again");
        return;
      }
      String messageId = result.result().messageId();
      Integer seq = seqs.get(messageId);
      if (seq != null) {
        ack(id, messageId, seq);
      } else if (result.result().duplicate() && !pendingAcks.containsKey(messageId)) {
        // Stored in an earlier session: its number is its place in the conversation.
        services.store().read(() -> history(Long.MAX_VALUE).messages().stream().map(Message::id).toList().indexOf(messageId) + 1)
            .onSuccess(place -> ack(id, messageId, place));
      } else {
        pendingAcks.put(messageId, id);
        wake();
      }
    });
  }

  private void signal(Signal.Kind kind, Long seq) {
    services.sink().submit(new Signal(channel, kind, contact(), null, seq));
    if (kind == Signal.Kind.READ && !conversations.isEmpty()) {
      // Seen: no need to email the replies to a visitor who has left.
      List<String> read = List.copyOf(conversations);
      services.store().write(() -> {
        services.offlineMail().visitorRead(read);
        return null;
      }).onFailure(error -> log.warn("Could not record a visitor's read: {}", error.toString()));
    }
  }

  /**
   * Agents typing in the visitor's conversation (never who they are), and an agent's read, which
   * covers every message the visitor has been shown.
   */
  void signal(ConversationSignal signal) {
    context.runOnContext(ignored -> forward(signal));
  }

  private void forward(ConversationSignal signal) {
    if (closed || !replayed || !"agent".equals(signal.authorType()) || !conversations.contains(signal.conversationId())) {
      return;
    }
    JsonObject frame = "read".equals(signal.type()) ? new JsonObject().put("type", "read").put("seq", lastSeq)
        : new JsonObject().put("type", signal.type()).put("author", new JsonObject().put("type", "agent"));
    socket.writeTextMessage(frame.encode());
  }

  private Contact contact() {
    return visitor.userId() == null ? Contact.of(null, ContactIdentity.visitor(visitor.visitorId()))
        : Contact.of(null, ContactIdentity.visitor(visitor.visitorId()), ContactIdentity.external(visitor.userId()));
  }

  private void error(String code, String message) {
    SocketFrames.error(socket, code, message);
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    router.unfollow(keys, this);
  }
}
