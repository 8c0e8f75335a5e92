package dev.omnihub.hub.realtime;

import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.events.EventLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /ws/agent?token=<agent token>&since=<cursor>}: the agent's live events. A bad token or
 * cursor is answered on the socket, with close code 4401 or 4400 and a reason, so that browsers (which
 * never see an upgrade's HTTP status) learn why.
 */
public final class AgentSocketRoute {

  private final Vertx vertx;
  private final RealtimeServices services;
  /** An upgraded connection no longer reports its close to the server: the socket's end does. */
  private final java.util.concurrent.atomic.AtomicInteger openConnections;

  public AgentSocketRoute(Vertx vertx, RealtimeServices services, java.util.concurrent.atomic.AtomicInteger openConnections) {
    this.vertx = vertx;
    this.services = services;
    this.openConnections = openConnections;
  }

  public void mount(Router router) {
    router.get("/ws/agent").handler(this::upgrade);
  }

  private void upgrade(RoutingContext ctx) {
    String token = ctx.request().getParam("token");
    String since = ctx.request().getParam("since");
    ctx.request().toWebSocket().onSuccess(socket -> {
      socket.endHandler(ended -> openConnections.decrementAndGet());
      if (token == null || token.isBlank()) {
        socket.close(AgentSocket.CLOSE_UNAUTHENTICATED, "missing_token");
        return;
      }
      long start;
      try {
        start = since == null || since.isBlank() ? services.events().horizon() : EventLog.parseToken(since.strip());
      } catch (IllegalArgumentException e) {
        socket.close(AgentSocket.CLOSE_BAD_REQUEST, "invalid_cursor");
        return;
      }
      socket.pause();
      // A cursor older than what the log keeps cannot be resumed: the socket starts live and says so
      // (since=0 asks for everything kept, whatever that is).
      boolean resuming = since != null && !since.isBlank() && start > 0;
      Future<Boolean> kept = resuming ? services.store().read(() -> services.events().keepsAfter(start)) : Future.succeededFuture(true);
      services.auth().authenticate(token).onComplete(result -> kept.onComplete(replayable -> open(socket, token,
          result.succeeded() ? result.result() : null, replayable.succeeded() && !replayable.result() ? -1 : start)));
    }).onFailure(ctx::fail);
  }

  /** @param since the cursor to resume after, or -1 when it is too old to resume (the socket starts live with a {@code resync} frame) */
  private void open(ServerWebSocket socket, String token, Principal principal, long since) {
    if (socket.isClosed()) {
      // The client went away while its token was checked: nothing to start (its handlers could no longer be set).
      return;
    }
    if (principal == null) {
      socket.close(AgentSocket.CLOSE_UNAUTHENTICATED, "invalid_token");
      return;
    }
    if (!Principal.AGENT.equals(principal.kind())) {
      socket.close(AgentSocket.CLOSE_UNAUTHENTICATED, "agent_token_required");
      return;
    }
    if (since < 0) {
      socket.writeTextMessage(new JsonObject().put("type", "resync").put("reason", "cursor_expired").encode());
    }
    new AgentSocket(vertx, socket, token, principal, since < 0 ? services.events().horizon() : since, services).start();
    socket.resume();
  }
}
