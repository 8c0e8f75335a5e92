package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.adapters.webhook.OutboundAddresses;
import dev.omnihub.hub.auth.Agent;
import dev.omnihub.hub.auth.AgentStore;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.canned.CannedResponseStore;
import dev.omnihub.hub.conversation.Author;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.routing.QueueStore;
import dev.omnihub.hub.rules.Rule;
import dev.omnihub.hub.rules.RuleAction;
import dev.omnihub.hub.rules.RuleDefinitions;
import dev.omnihub.hub.rules.RuleServices;
import dev.omnihub.hub.ticket.SlaSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

/**
 * {@code /api/v1/rules}: admins write automation rules, supervisors read them and try one on a
 * conversation ({@code /test}, which changes nothing). A definition is checked off the event loop (its
 * regular expressions are timed on hostile texts), the queues, agents, canned responses and business
 * hours it names must exist, and its webhook URLs must be public addresses.
 */
final class RuleRoutes {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** What the rules name, to check that it exists. */
  record Directory(QueueStore queues, AgentStore agents, CannedResponseStore canned, SlaSettings settings) {
  }

  private final Vertx vertx;
  private final PublishingStore store;
  private final RuleServices rules;
  private final Directory directory;
  private final ConversationStore conversations;
  private final MessageStore messages;
  private final OutboundAddresses outbound;
  private final Clock clock;

  RuleRoutes(Vertx vertx, PublishingStore store, RuleServices rules, Directory directory, ConversationStore conversations,
      MessageStore messages, OutboundAddresses outbound, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.rules = rules;
    this.directory = directory;
    this.conversations = conversations;
    this.messages = messages;
    this.outbound = outbound;
    this.clock = clock;
  }

  void mount(io.vertx.ext.web.Router web, Authentication auth) {
    web.post("/api/v1/rules").handler(auth.require(Role.ADMIN)).handler(this::create);
    web.get("/api/v1/rules").handler(auth.require(Role.SUPERVISOR)).handler(ctx -> store.read(() -> rules.rules().all())
        .onSuccess(all -> Responses.items(ctx, all.stream().map(rule -> RuleDefinitions.view(rule, false)).toList())).onFailure(ctx::fail));
    web.get("/api/v1/rules/:id").handler(auth.require(Role.SUPERVISOR)).handler(ctx -> {
      String id = Requests.id(ctx, "id", "rule");
      store.read(() -> find(id)).onSuccess(rule -> Responses.ok(ctx, RuleDefinitions.view(rule, false))).onFailure(ctx::fail);
    });
    web.patch("/api/v1/rules/:id").handler(auth.require(Role.ADMIN)).handler(this::change);
    web.delete("/api/v1/rules/:id").handler(auth.require(Role.ADMIN)).handler(ctx -> {
      String id = Requests.id(ctx, "id", "rule");
      store.write(() -> {
        if (!rules.rules().delete(id)) {
          throw new NotFoundException("rule", id);
        }
        return null;
      }).onSuccess(ignored -> {
        rules.engine().rulesChanged();
        ctx.response().setStatusCode(204).end();
      }).onFailure(ctx::fail);
    });
    web.post("/api/v1/rules/:id/test").handler(auth.require(Role.SUPERVISOR)).handler(this::test);
  }

  private void create(RoutingContext ctx) {
    JsonInput body = Requests.body(ctx);
    checked(body).compose(definition -> store.write(() -> {
      checkReferences(definition);
      return rules.rules().create(definition, newSecret(), clock.instant());
    })).onSuccess(created -> {
      rules.engine().rulesChanged();
      Responses.created(ctx, RuleDefinitions.view(created, true));
    }).onFailure(ctx::fail);
  }

  /** The given fields replace the rule's; the result is checked as a new rule would be. */
  private void change(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "rule");
    JsonObject given = Requests.body(ctx).raw();
    store.read(() -> find(id)).compose(existing -> {
      JsonObject merged = RuleDefinitions.view(existing, false);
      given.forEach(field -> merged.put(field.getKey(), field.getValue()));
      return checked(JsonInput.of(merged));
    }).compose(definition -> store.write(() -> {
      checkReferences(definition);
      return rules.rules().replace(id, definition, clock.instant()).orElseThrow(() -> new NotFoundException("rule", id));
    })).onSuccess(changed -> {
      rules.engine().rulesChanged();
      Responses.ok(ctx, RuleDefinitions.view(changed, false));
    }).onFailure(ctx::fail);
  }

  private void test(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "rule");
    String conversationId = Requests.body(ctx).requiredString("conversationId", 64);
    store.read(() -> {
      Rule rule = find(id);
      var conversation = conversations.find(conversationId)
          .orElseThrow(() -> InputRejectedException.invalid("conversationId", "no conversation '" + conversationId + "'"));
      Message last = messages.list(conversationId, null, 50, true).items().stream()
          .filter(message -> message.direction() == Direction.INBOUND && Author.CUSTOMER.equals(message.author().type())).findFirst()
          .orElse(null);
      return rules.engine().dryRun(rule, conversation, last);
    }).onSuccess(result -> Responses.ok(ctx, result)).onFailure(ctx::fail);
  }

  /** Parses and checks the definition off the event loop, then vets its webhooks' addresses. */
  private Future<RuleDefinitions.Definition> checked(JsonInput body) {
    return vertx.executeBlocking(() -> RuleDefinitions.parse(body), false).compose(definition -> {
      Future<Void> vetted = Future.succeededFuture();
      List<RuleAction> actions = definition.actions();
      for (int i = 0; i < actions.size(); i++) {
        if (actions.get(i) instanceof RuleAction.Webhook webhook) {
          String field = "actions[" + i + "].url";
          vetted = vetted.compose(ignored -> outbound.vet(webhook.url()).recover(refused ->
              Future.failedFuture(InputRejectedException.invalid(field, field + ": " + refused.getMessage()))));
        }
      }
      return vetted.map(definition);
    });
  }

  private void checkReferences(RuleDefinitions.Definition definition) {
    for (RuleDefinitions.Reference reference : RuleDefinitions.references(definition)) {
      boolean exists = switch (reference.kind()) {
        case "queue" -> directory.queues().find(reference.id()).isPresent();
        case "agent" -> directory.agents().find(reference.id()).filter(Agent::active).isPresent();
        case "canned response" -> directory.canned().find(reference.id()).isPresent();
        case "business hours" -> directory.settings().businessHours(reference.id()).isPresent();
        default -> throw new IllegalStateException("unknown reference " + reference.kind());
      };
      if (!exists) {
        throw InputRejectedException.invalid(reference.field(), "no " + reference.kind() + " '" + reference.id() + "'");
      }
    }
  }

  private Rule find(String id) {
    return rules.rules().find(id).orElseThrow(() -> new NotFoundException("rule", id));
  }

  private static String newSecret() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }
}
