package dev.omnihub.adapters.chat;

import dev.omnihub.adapters.spi.Attachment;
import dev.omnihub.adapters.spi.ChannelRef;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.CustomerFeed;
import dev.omnihub.adapters.spi.FeedMessage;
import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.adapters.spi.IngestAck;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.RateLimitedException;
import dev.omnihub.adapters.spi.Signal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One visitor's widget socket ({@code /ws/widget}): the messages of the visitor's conversation that a
 * customer may see, numbered {@code seq} 1, 2, 3... in event-log order, each once. The hub's
 * {@link CustomerFeed} replays every message so far and then hands over live ones in log order; the
 * socket numbers them all and sends those after {@code since}, so a reconnect misses nothing and
 * repeats nothing. A message the visitor sends is acknowledged with its id and {@code seq} only once
 * it is stored; the same {@code clientId} again is acknowledged again with the same ids and stored
 * once. Private notes and system lines never reach it (the feed leaves them out).
 */
final class WidgetSocket implements CustomerFeed.Listener {

  private static final Logger log = LoggerFactory.getLogger(WidgetSocket.class);
  static final int MAX_TEXT = 10_000;
  static final int MAX_COMMENT = 2_000;
  /** Frames up to this are read on the event loop; a message with a file is longer and is read on a worker. */
  static final int INLINE_FRAME_CHARS = 64 * 1024;
  private static final int MAX_CLIENT_ID = 100;

  private final Vertx vertx;
  private final ServerWebSocket socket;
  private final WidgetChat chat;
  private final ChannelRef channel;
  private final VisitorTokens.Visitor visitor;
  private final String address;
  private final int maxAttachmentBytes;
  private final int since;
  private CustomerFeed feed;
  /** The long frames being decoded on a worker, the last one's turn; {@code null} when none is. */
  private Future<?> decoding;
  /** The visitor's last message on its way into the store; the next one is submitted after it. */
  private Future<?> storing = Future.succeededFuture();
  /** The seq of each message this socket numbered, by message id. */
  private final Map<String, Integer> seqs = new HashMap<>();
  /** Messages the visitor sent that are stored but not numbered yet: their clientId, by message id. */
  private final Map<String, String> pendingAcks = new HashMap<>();
  private int lastSeq;
  private boolean replayed;
  private boolean closed;

  WidgetSocket(Vertx vertx, ServerWebSocket socket, WidgetChat chat, ChannelRef channel, ChatSettings settings, VisitorTokens.Visitor visitor,
      String address, int since) {
    this.maxAttachmentBytes = settings.maxAttachmentBytes();
    this.vertx = vertx;
    this.socket = socket;
    this.chat = chat;
    this.channel = channel;
    this.visitor = visitor;
    this.address = address;
    this.since = since;
  }

  /** Opens the visitor's feed: the replay, then live messages. Call on the socket's context. */
  void start() {
    socket.textMessageHandler(this::received);
    socket.closeHandler(ignored -> close());
    feed = chat.feeds().open(channel, contact(), visitor.visitorId(), this);
    socket.drainHandler(ignored -> feed.resume());
  }

  @Override
  public boolean ready() {
    return !socket.writeQueueFull();
  }

  @Override
  public void message(FeedMessage message) {
    int seq = seqs.computeIfAbsent(message.id(), id -> ++lastSeq);
    if (!replayed && seq <= since) {
      return;
    }
    send(message, seq);
    String clientId = pendingAcks.remove(message.id());
    if (clientId != null) {
      ack(clientId, message.id(), seq);
    }
  }

  @Override
  public void replayed() {
    replayed = true;
    socket.resume();
  }

  @Override
  public void failed(Throwable cause) {
    log.warn("Could not read a visitor's conversation: {}", cause.toString());
    socket.close((short) 1011, "unavailable");
  }

  private void send(FeedMessage message, int seq) {
    if (message.surveyId() != null) {
      // The hub's satisfaction survey: the widget shows its question with five choices and a comment box.
      socket.writeTextMessage(new JsonObject().put("type", "csat").put("seq", seq).put("surveyId", message.surveyId())
          .put("question", message.text()).put("createdAt", message.createdAt() == null ? null : message.createdAt().toString()).encode());
      return;
    }
    JsonObject frame = new JsonObject().put("type", "message").put("seq", seq).put("messageId", message.id())
        .put("direction", message.direction())
        .put("author", new JsonObject().put("type", message.authorType()).put("name", message.authorName()))
        .put("text", message.text()).put("createdAt", message.createdAt() == null ? null : message.createdAt().toString());
    JsonArray files = WidgetAttachment.listed(message, channel.id());
    if (!files.isEmpty()) {
      frame.put("attachments", files);
    }
    String externalId = message.externalId();
    if (message.inbound() && externalId != null && externalId.startsWith(visitor.visitorId() + ":")) {
      frame.put("clientId", externalId.substring(visitor.visitorId().length() + 1));
    }
    socket.writeTextMessage(frame.encode());
  }

  /** {@code {"type":"csat","surveyId","score":1..5,"comment"?}}: answered once; a survey not put to this visitor is unknown. */
  private void answerSurvey(JsonObject frame) {
    Object surveyId = frame.getValue("surveyId");
    Object score = frame.getValue("score");
    Object comment = frame.getValue("comment");
    if (!(surveyId instanceof String survey) || survey.isEmpty() || survey.length() > 200 || !(score instanceof Integer given) || given < 1
        || given > 5 || (comment != null && !(comment instanceof String)) || (comment instanceof String text && text.length() > MAX_COMMENT)) {
      error("invalid_frame", "a csat frame is {type: csat, surveyId, score: 1..5, comment?} (a comment of at most " + MAX_COMMENT + " characters)");
      return;
    }
    chat.customers().answerSurvey(channel, contact(), survey, given, (String) comment).onComplete(answered -> {
      if (closed) {
        return;
      }
      if (answered.failed()) {
        log.warn("Could not record a visitor's survey answer: {}", answered.cause().toString());
        error("unavailable", "the answer could not be recorded; send it again");
        return;
      }
      switch (answered.result()) {
        case RECORDED -> socket.writeTextMessage(new JsonObject().put("type", "ack").put("surveyId", survey).encode());
        case ALREADY_ANSWERED -> socket.writeTextMessage(new JsonObject().put("type", "error").put("code", "already_answered")
            .put("surveyId", survey).put("message", "this survey was answered already").encode());
        case UNKNOWN -> socket.writeTextMessage(new JsonObject().put("type", "error").put("code", "unknown_survey")
            .put("surveyId", survey).put("message", "no such survey was put to this visitor").encode());
      }
    });
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
      error("invalid_json", "frames are JSON objects");
      return;
    }
    JsonObject frame = decoded.frame();
    switch (String.valueOf(frame.getValue("type"))) {
      case "ping" -> WidgetFrames.pong(socket);
      case "message" -> message(frame, decoded);
      case "typing" -> signal(Signal.Kind.TYPING, null);
      case "read" -> signal(Signal.Kind.READ, frame.getValue("seq") instanceof Number seq ? seq.longValue() : null);
      case "csat" -> answerSurvey(frame);
      default -> error("unknown_type", "unknown frame type '" + frame.getValue("type") + "'; expected message, typing, read, csat or ping");
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
      chat.messagesPerVisitor().acquire(visitor.visitorId());
      chat.messagesPerAddress().acquire(address);
    } catch (RateLimitedException e) {
      socket.writeTextMessage(new JsonObject().put("type", "error").put("code", "rate_limited").put("message", e.getMessage())
          .put("clientId", id).put("retryAfter", e.retryAfterSeconds()).encode());
      return;
    }
    InboundMessage message = new InboundMessage(channel, visitor.visitorId() + ":" + id, contact(), body, null, files, null, null,
        Map.of());
    // One after the other: a photo and the words typed right after it are stored (and numbered) in the order sent.
    Future<IngestAck> stored = storing.transform(ignored -> chat.sink().accept(message));
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
        feed.placeOf(messageId).onSuccess(place -> ack(id, messageId, place));
      } else {
        pendingAcks.put(messageId, id);
        feed.resume();
      }
    });
  }

  /** The visitor is typing, or has read up to a message (which the hub records: nothing is emailed that they saw). */
  private void signal(Signal.Kind kind, Long seq) {
    chat.sink().submit(new Signal(channel, kind, contact(), null, seq))
        .onFailure(error -> log.warn("Could not pass on a visitor's {}: {}", kind.wireName(), error.toString()));
  }

  /**
   * Agents typing in the visitor's conversation (never who they are), and an agent's read, which
   * covers every message the visitor has been shown.
   */
  @Override
  public void agentSignal(Signal.Kind kind) {
    JsonObject frame = kind == Signal.Kind.READ ? new JsonObject().put("type", "read").put("seq", lastSeq)
        : new JsonObject().put("type", "typing").put("author", new JsonObject().put("type", "agent"));
    socket.writeTextMessage(frame.encode());
  }

  private Contact contact() {
    return WidgetChannels.visitorContact(visitor.visitorId(), visitor.userId(), null);
  }

  private void error(String code, String message) {
    WidgetFrames.error(socket, code, message);
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (feed != null) {
      feed.close();
    }
  }
}
