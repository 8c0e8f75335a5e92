package dev.omnihub.hub.realtime;

import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.events.EventLog;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
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
      services.auth().authenticate(token).onComplete(result -> open(socket, token, result.succeeded() ? result.result() : null, start));
    }).onFailure(ctx::fail);
  }

  private void open(ServerWebSocket socket, String token, Principal principal, long since) {
    if (principal == null) {
      socket.close(AgentSocket.CLOSE_UNAUTHENTICATED, "invalid_token");
      return;
    }
    if (!Principal.AGENT.equals(principal.kind())) {
      socket.close(AgentSocket.CLOSE_UNAUTHENTICATED, "agent_token_required");
      return;
    }
    new AgentSocket(vertx, socket, token, principal, since, services).start();
    socket.resume();
  }
}
