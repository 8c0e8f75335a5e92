package dev.omnihub.hub.rules;

import dev.omnihub.adapters.webhook.SignedWebhookClient;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.outbound.Outbox;
import dev.omnihub.hub.outbound.QueuedDelivery;
import dev.omnihub.hub.service.SystemLines;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Rules' webhook calls as the delivery queue sends them: signed with the rule's secret as bots' events
 * are ({@code X-OmniHub-Signature}), the receiver's address checked at each call, retried and given up
 * by the queue's one policy (then a system line says so). A rule deleted meanwhile calls nobody.
 */
final class RuleWebhooks implements QueuedDelivery {

  private record Call(String url, String secret, String event, JsonObject payload, Rule rule) {
  }

  private final PublishingStore store;
  private final Outbox outbox;
  private final RuleStore rules;
  private final SignedWebhookClient webhooks;
  private final SystemLines lines;

  RuleWebhooks(PublishingStore store, Outbox outbox, RuleStore rules, SignedWebhookClient webhooks, SystemLines lines) {
    this.store = store;
    this.outbox = outbox;
    this.rules = rules;
    this.webhooks = webhooks;
    this.lines = lines;
  }

  @Override
  public Future<Done> send(Outbox.Entry entry) {
    return store.read(() -> call(entry)).compose(call -> call.isEmpty() ? Future.succeededFuture(NOTHING)
        : webhooks.post(call.get().url(), call.get().secret(), call.get().event(), entry.id(), call.get().payload()).map(NOTHING));
  }

  private Optional<Call> call(Outbox.Entry entry) {
    return outbox.botEvent(entry.id()).flatMap(queued -> rules.find(queued.getString("ruleId")).map(rule -> new Call(queued.getString("url"),
        rule.secret(), queued.getString("event"), new JsonObject(queued.getString("payload")), rule)));
  }

  @Override
  public List<HubEvent> gaveUp(Outbox.Entry entry, String reason) {
    Optional<Document> queued = outbox.botEvent(entry.id());
    String rule = queued.flatMap(found -> rules.find(found.getString("ruleId"))).map(found -> "Rule '" + found.name() + "'").orElse("A rule");
    return lines.write(entry.conversationId(), rule + " could not call its webhook: " + reason).events();
  }
}
