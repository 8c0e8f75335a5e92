package dev.omnihub.hub.api;

import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.routing.QueueBoard;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/** {@code /api/v1/supervisor}: the queues' waiting lines and the agents' load, as the board shows them live. */
final class SupervisorRoutes {

  private final PublishingStore store;
  private final QueueBoard board;
  private final Clock clock;

  SupervisorRoutes(PublishingStore store, QueueBoard board, Clock clock) {
    this.store = store;
    this.board = board;
    this.clock = clock;
  }

  void mount(Router router, Authentication auth) {
    router.get("/api/v1/supervisor/queues").handler(auth.require(Role.SUPERVISOR)).handler(this::queues);
    router.get("/api/v1/supervisor/agents").handler(auth.require(Role.SUPERVISOR)).handler(this::agents);
  }

  private void queues(RoutingContext ctx) {
    store.read(() -> board.queueFigures(clock.instant())).onSuccess(items -> Responses.items(ctx, items)).onFailure(ctx::fail);
  }

  private void agents(RoutingContext ctx) {
    store.read(board::agentFigures).onSuccess(items -> Responses.items(ctx, items)).onFailure(ctx::fail);
  }
}
