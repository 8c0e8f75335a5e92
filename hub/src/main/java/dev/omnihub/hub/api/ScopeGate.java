package dev.omnihub.hub.api;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.omnihub.adapters.spi.ForbiddenException;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.Callable;
import org.bson.Document;

/**
 * Holds API tokens limited to channels (API.md {@code POST /api/v1/tokens} {@code channels}) to what
 * those channels reach: a conversation that used one of them, a customer with such a conversation, a
 * file of such a conversation. Anything else answers 404, as if it did not exist. Routes that span
 * every channel (merges, dead letters, the agent socket) answer 403 to a limited token. Costs nothing
 * for agents and unlimited tokens.
 */
final class ScopeGate {

  private final PublishingStore store;
  private final MongoCollection<Document> conversations;
  private final MongoCollection<Document> messages;

  ScopeGate(PublishingStore store, MongoStore mongo) {
    this.store = store;
    this.conversations = mongo.collection(Collections.CONVERSATIONS);
    this.messages = mongo.collection(Collections.MESSAGES);
  }

  /** For routes whose {@code :id} is a conversation. */
  Handler<RoutingContext> conversation() {
    return gate("conversation", (principal, id) -> () -> conversationReached(principal, id));
  }

  /** For routes whose {@code :id} is a customer. */
  Handler<RoutingContext> customer() {
    return gate("customer", (principal, id) -> () -> conversations.find(Filters.and(Filters.eq("customerId", id),
        Filters.in("channelIds", principal.channels()))).projection(new Document("_id", 1)).first() != null);
  }

  /** For routes whose {@code :id} is a stored file. */
  Handler<RoutingContext> attachment() {
    return gate("attachment", (principal, id) -> () -> {
      Document message = messages.find(Filters.eq("attachments.id", id)).projection(new Document("conversationId", 1)).first();
      return message != null && conversationReached(principal, message.getString("conversationId"));
    });
  }

  /** For routes that act across every channel. */
  Handler<RoutingContext> unscopedOnly() {
    return ctx -> {
      if (Requests.principal(ctx).scoped()) {
        ctx.fail(new ForbiddenException("this token is limited to channels; this route spans them all"));
        return;
      }
      ctx.next();
    };
  }

  private boolean conversationReached(Principal principal, String conversationId) {
    Document conversation = conversations.find(Filters.eq("_id", conversationId)).projection(new Document("channelIds", 1)).first();
    return conversation != null && principal.reaches(Docs.strings(conversation, "channelIds"));
  }

  private interface Check {
    Callable<Boolean> of(Principal principal, String id);
  }

  private Handler<RoutingContext> gate(String what, Check check) {
    return ctx -> {
      Principal principal = Requests.principal(ctx);
      String id = ctx.pathParam("id");
      if (!principal.scoped()) {
        ctx.next();
        return;
      }
      if (id == null || !Ids.looksLikeId(id)) {
        ctx.fail(new NotFoundException(what, id));
        return;
      }
      store.read(check.of(principal, id)).onSuccess(reached -> {
        if (reached) {
          ctx.next();
        } else {
          ctx.fail(new NotFoundException(what, id));
        }
      }).onFailure(ctx::fail);
    };
  }

  /** The channels a limited principal may list, or {@code null} for all. */
  static List<String> channelsOf(RoutingContext ctx) {
    return Requests.principal(ctx).channels();
  }
}
