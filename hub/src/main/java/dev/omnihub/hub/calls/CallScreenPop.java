package dev.omnihub.hub.calls;

import dev.omnihub.adapters.spi.CallEvent;
import dev.omnihub.hub.auth.AgentStore;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.events.CallIncoming;
import dev.omnihub.hub.service.TimelineService;
import dev.omnihub.hub.views.Views;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Builds the screen pop of a ringing or answered call (API.md "voice"): the caller as a customer with
 * identities, their open conversation, and the last ten messages and timeline events of any channel.
 * Blocking: part of the call event's write (one timeline page, read through indexes).
 */
public final class CallScreenPop {

  static final int RECENT = 10;

  private final CustomerStore customers;
  private final AgentStore agents;
  private final TimelineService timeline;

  public CallScreenPop(CustomerStore customers, AgentStore agents, TimelineService timeline) {
    this.customers = customers;
    this.agents = agents;
    this.timeline = timeline;
  }

  public CallIncoming of(CallEvent call, String from, String customerId, Optional<Conversation> conversation) {
    JsonArray recent = new JsonArray();
    timeline.recent(customerId, RECENT).forEach(item -> recent.add(Views.timelineItem(item)));
    JsonObject payload = new JsonObject()
        .put("callId", call.callId())
        .put("event", call.kind().eventType())
        .put("from", from)
        .put("to", call.to())
        .put("at", call.at().toString())
        .put("customer", customers.find(customerId).map(Views::customer).orElse(null))
        .put("conversation", conversation.map(Views::conversation).orElse(null))
        .put("recent", recent);
    String target = call.agentEmail() == null ? null
        : agents.findByEmail(call.agentEmail()).map(credentials -> credentials.agent().id()).orElse(null);
    return new CallIncoming(payload, target);
  }
}
