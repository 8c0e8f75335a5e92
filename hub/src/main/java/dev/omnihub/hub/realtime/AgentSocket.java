package dev.omnihub.hub.realtime;

import dev.omnihub.hub.auth.AuthService;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.events.Audience;
import dev.omnihub.hub.events.ConversationSignal;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.events.LogFollower;
import dev.omnihub.hub.kb.ConversationSuggestions;
import dev.omnihub.hub.kb.SuggestionWatchers;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * One agent's socket ({@code /ws/agent}): every event of the agent's streams ({@link AgentStreams}),
 * in cursor order, each once.
 * It delivers only up to the {@link EventLog#horizon() horizon}, so an event that finished its write
 * late is never skipped: a reconnect with the last cursor seen replays exactly what came after it
 * (from memory, or from the store for an older cursor), then goes on live. The token is checked again
 * every half minute (or a third of the presence timeout, if shorter); a deactivated agent's or
 * expired token's socket is closed with 4401. The socket is the agent's presence: without a ping for
 * the presence timeout it is closed with 4408. Typing signals (others', on the conversations the
 * agent sees or views) pass live, without a cursor; so does an agent's {@code read} of a
 * conversation, which the visitor's widget shows as "seen". An agent's {@code view} of a conversation
 * brings its knowledge-base suggestions, fresh again after each customer message, and the list of
 * agents viewing it ({@link ConversationViewers}) whenever that changes.
 */
final class AgentSocket {

  /** Close code: the token is missing, invalid, expired or revoked. */
  static final short CLOSE_UNAUTHENTICATED = 4401;
  /** Close code: the request was malformed (a cursor that is not one of ours). */
  static final short CLOSE_BAD_REQUEST = 4400;
  /** Close code: no ping within the presence timeout. */
  static final short CLOSE_PING_TIMEOUT = 4408;
  static final long RECHECK_MILLIS = 30_000;

  private final Vertx vertx;
  private final ServerWebSocket socket;
  private final String token;
  private final AuthService auth;
  private final Principal agent;
  private final AgentStreams streams;
  private final LogFollower follower;
  private final AgentPresenceTracker presence;
  private final ConversationSignals signals;
  private final Duration pingTimeout;
  private final SignalRouter signalRouter;
  /** Signals arrive on the router's thread; this socket's state is touched only on its own context. */
  private final SignalRouter.Receiver receiver = signal -> this.context.runOnContext(ignored -> forward(signal));
  private final ConversationSuggestions suggestions;
  private final SuggestionWatchers watchers;
  private final BiConsumer<String, JsonArray> pushSuggestions = this::writeSuggestions;
  private final ConversationViewers viewers;
  /** This socket as a viewer of the conversation it has open. */
  private final ConversationViewers.Viewer asViewer;
  private Context context;
  /** The conversation the agent has open, whose suggestions this socket receives; {@code null} for none. */
  private String viewing;
  /** The conversation last asked to view, while its first suggestions are computed. */
  private String requestedView;
  /** When the agent's page last pinged, by the hub's clock (so a test can move time instead of waiting). */
  private long lastPingMillis;
  private final Clock clock;
  private long pingTimer = -1;
  private final long since;
  private boolean closed;
  private long recheckTimer = -1;

  AgentSocket(Vertx vertx, ServerWebSocket socket, String token, Principal agent, long since, RealtimeServices services) {
    this.vertx = vertx;
    this.socket = socket;
    this.token = token;
    this.agent = agent;
    this.auth = services.auth();
    this.presence = services.presence();
    this.signals = services.signals();
    this.signalRouter = services.signalRouter();
    this.suggestions = services.suggestions();
    this.watchers = services.watchers();
    this.viewers = services.viewers();
    this.asViewer = new ConversationViewers.Viewer(agent.id(), agent.name(), frame -> context.runOnContext(ignored -> {
      if (!closed) {
        socket.writeTextMessage(frame.encode());
      }
    }));
    this.pingTimeout = services.pingTimeout();
    this.clock = services.clock();
    this.lastPingMillis = clock.millis();
    this.since = since;
    this.streams = AgentStreams.of(agent);
    // A socket closed before its close handler ran (a client gone mid-replay) throws on writeQueueFull: it is blocked for good.
    this.follower = LogFollower.eachFrame(vertx, services.events(), "an agent socket", this::deliver,
        () -> socket.isClosed() || socket.writeQueueFull());
  }

  /** Starts replaying and listening. Call on the socket's context. */
  void start() {
    context = vertx.getOrCreateContext();
    socket.textMessageHandler(this::received);
    socket.closeHandler(ignored -> close());
    socket.drainHandler(ignored -> follower.pump());
    recheckTimer = vertx.setPeriodic(Math.min(RECHECK_MILLIS, Math.max(200, pingTimeout.toMillis() / 3)), id -> recheckToken());
    // A third of the timeout, at most 5 s: late by little, and cheap even for 10,000 sockets.
    pingTimer = vertx.setPeriodic(Math.max(200, Math.min(5_000, pingTimeout.toMillis() / 3)), id -> checkPing());
    // Typing is passed on live, never logged: it matters only now. The router hands this socket the
    // signals of its streams (and of the conversation it views).
    signalRouter.follow(streams.seesAll() ? SignalRouter.EVERYTHING : SignalRouter.agent(agent.id()), receiver);
    if (!streams.seesAll()) {
      signalRouter.follow(SignalRouter.POOL, receiver);
    }
    presence.opened(agent.id());
    follower.start(since);
  }

  private void deliver(EventLog.Logged event) {
    if (streams.sees(event.audience())) {
      socket.writeTextMessage(event.frame());
    }
  }

  private void forward(ConversationSignal signal) {
    boolean shown = streams.sees(Audience.of(signal)) || signal.conversationId().equals(viewing);
    if (shown && !closed && !("agent".equals(signal.authorType()) && agent.id().equals(signal.authorId()))) {
      socket.writeTextMessage(signal.toJson().encode());
    }
  }

  private void checkPing() {
    if (!closed && clock.millis() - lastPingMillis > pingTimeout.toMillis()) {
      socket.close(CLOSE_PING_TIMEOUT, "ping_timeout");
      close();
    }
  }

  private void received(String text) {
    SocketFrames.read(socket, text).ifPresent(this::received);
  }

  private void received(JsonObject frame) {
    switch (String.valueOf(frame.getValue("type"))) {
      case "ping" -> {
        lastPingMillis = clock.millis();
        SocketFrames.pong(socket);
      }
      case "typing" -> signal("typing", frame.getValue("conversationId"));
      case "read" -> signal("read", frame.getValue("conversationId"));
      case "view" -> view(frame.getValue("conversationId"));
      default -> error("unknown_type", "unknown frame type '" + frame.getValue("type") + "'; expected ping, typing, read or view");
    }
  }

  private void signal(String kind, Object conversationId) {
    if (!(conversationId instanceof String id) || id.isBlank()) {
      error("invalid_field", kind + " needs conversationId");
      return;
    }
    Future<Void> sent = "read".equals(kind) ? signals.agentRead(id, agent.id()) : signals.agentTyping(id, agent.id());
    sent.onFailure(failure -> error("conversation_not_found", "no conversation " + id));
  }

  /**
   * The agent opened a conversation ({@code null}: closed it): its suggestions are sent at once, and
   * again whenever the customer writes, until the agent views another one or the socket closes.
   */
  private void view(Object conversationId) {
    if (viewing != null) {
      stopViewing();
      viewing = null;
    }
    requestedView = conversationId instanceof String id ? id : null;
    if (conversationId == null) {
      return;
    }
    if (!(conversationId instanceof String id) || id.isBlank()) {
      error("invalid_field", "view needs conversationId (or null to view none)");
      return;
    }
    suggestions.forConversation(id, agent).onComplete(result -> context.runOnContext(ignored -> {
      if (closed || !id.equals(requestedView)) {
        return; // closed, or the agent has moved on to another conversation meanwhile
      }
      if (result.failed()) {
        error("conversation_not_found", "no conversation " + id);
        return;
      }
      viewing = id;
      watchers.watch(id, pushSuggestions);
      signalRouter.follow(SignalRouter.viewers(id), receiver);
      viewers.join(id, asViewer);
      writeSuggestions(id, result.result());
    }));
  }

  private void stopViewing() {
    watchers.unwatch(viewing, pushSuggestions);
    signalRouter.unfollow(SignalRouter.viewers(viewing), receiver);
    viewers.leave(viewing, asViewer);
  }

  private void writeSuggestions(String conversationId, JsonArray items) {
    context.runOnContext(ignored -> {
      if (!closed && conversationId.equals(viewing)) {
        socket.writeTextMessage(new JsonObject().put("type", "suggestions").put("conversationId", conversationId).put("items", items)
            .encode());
      }
    });
  }

  private void error(String code, String message) {
    SocketFrames.error(socket, code, message);
  }

  private void recheckToken() {
    auth.authenticate(token).onFailure(error -> {
      if (!closed) {
        socket.close(CLOSE_UNAUTHENTICATED, "token_revoked");
        close();
      }
    });
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    vertx.cancelTimer(recheckTimer);
    vertx.cancelTimer(pingTimer);
    follower.stop();
    signalRouter.unfollow(streams.seesAll() ? SignalRouter.EVERYTHING : SignalRouter.agent(agent.id()), receiver);
    signalRouter.unfollow(SignalRouter.POOL, receiver);
    if (viewing != null) {
      stopViewing();
    }
    presence.closed(agent.id());
  }
}
