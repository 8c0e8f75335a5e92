package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.customer.MergeSuggestionStore;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.service.CustomerClaims;
import dev.omnihub.hub.views.Views;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/merge-suggestions}: profiles that may be one person (one claimed an identity the
 * other owns), for an agent to accept (the profiles merge) or dismiss.
 */
final class MergeSuggestionRoutes {

  private static final Set<String> STATUSES = Set.of(MergeSuggestionStore.OPEN, MergeSuggestionStore.ACCEPTED, MergeSuggestionStore.DISMISSED);

  private final PublishingStore store;
  private final CustomerClaims claims;

  MergeSuggestionRoutes(PublishingStore store, CustomerClaims claims) {
    this.store = store;
    this.claims = claims;
  }

  void mount(Router router, Authentication auth, ScopeGate scope) {
    router.get("/api/v1/merge-suggestions").handler(auth.require(Role.AGENT)).handler(scope.unscopedOnly()).handler(this::list);
    router.post("/api/v1/merge-suggestions/:id/accept").handler(auth.require(Role.SUPERVISOR)).handler(scope.unscopedOnly()).handler(this::accept);
    router.post("/api/v1/merge-suggestions/:id/dismiss").handler(auth.require(Role.AGENT)).handler(scope.unscopedOnly()).handler(this::dismiss);
  }

  private void list(RoutingContext ctx) {
    String status = Requests.query(ctx, "status");
    if (status == null) {
      status = MergeSuggestionStore.OPEN;
    } else if (!STATUSES.contains(status)) {
      throw InputRejectedException.invalid("status", "status is one of " + STATUSES);
    }
    String customerId = Requests.query(ctx, "customerId");
    String wanted = status;
    var cursor = Requests.cursor(ctx);
    int limit = Requests.limit(ctx);
    store.read(() -> claims.list(wanted, customerId, cursor, limit))
        .onSuccess(page -> Responses.page(ctx, page.map(Views::mergeSuggestion)))
        .onFailure(ctx::fail);
  }

  private void accept(RoutingContext ctx) {
    String id = suggestionId(ctx);
    var actor = Requests.principal(ctx).actor();
    store.writeAndPublish(() -> claims.accept(id, actor))
        .onSuccess(suggestion -> Responses.ok(ctx, Views.mergeSuggestion(suggestion)))
        .onFailure(ctx::fail);
  }

  private void dismiss(RoutingContext ctx) {
    String id = suggestionId(ctx);
    var actor = Requests.principal(ctx).actor();
    store.writeAndPublish(() -> new Outcome<>(claims.dismiss(id, actor), List.of()))
        .onSuccess(suggestion -> Responses.ok(ctx, Views.mergeSuggestion(suggestion)))
        .onFailure(ctx::fail);
  }

  private static String suggestionId(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id == null || id.length() > 400) {
      throw new dev.omnihub.adapters.spi.NotFoundException("merge suggestion", String.valueOf(id));
    }
    return id;
  }
}
