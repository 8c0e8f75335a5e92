package dev.omnihub.hub.rules;

import dev.omnihub.adapters.webhook.SignedWebhookClient;
import dev.omnihub.hub.outbound.QueuedDelivery;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** Automation: the rules, the engine that runs them, and the delivery of their webhook calls. */
public record RuleServices(RuleStore rules, RuleEngine engine, QueuedDelivery webhooks) {

  /** The delivery kind of rules' webhook calls. */
  public static final String WEBHOOK_KIND = RuleActions.WEBHOOK_KIND;

  /**
   * @param services what the rules' actions go through
   */
  public static RuleServices create(RuleEngine.Parts parts, RuleActions.Services services, SignedWebhookClient webhooks, Clock clock,
      MeterRegistry metrics) {
    RuleEngine engine = new RuleEngine(parts, new RuleActions(services, clock), clock, metrics);
    return new RuleServices(parts.rules(), engine, new RuleWebhooks(parts.store(), services.outbox(), parts.rules(), webhooks,
        services.lines()));
  }
}
