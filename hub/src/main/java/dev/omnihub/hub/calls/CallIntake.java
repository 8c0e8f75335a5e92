package dev.omnihub.hub.calls;

import dev.omnihub.adapters.spi.CallEvent;
import dev.omnihub.adapters.spi.InboundOutcome;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.customer.IdentityResolution;
import dev.omnihub.hub.customer.IdentityResolver;
import dev.omnihub.hub.events.CallActivity;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.Outcome;
import dev.omnihub.hub.service.ResolutionEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A call's progress as any telephony adapter reports it (the SPI's {@link CallEvent}): the caller
 * becomes a customer (created if new, as a first message would), the call is logged, and the agents
 * who may take it learn who calls and which conversation is theirs (the screen pop). Nothing here
 * knows a provider; the transcript after the call arrives as an ordinary message.
 */
public final class CallIntake {

  private final IdentityResolver identities;
  private final ConversationStore conversations;
  private final CustomerStore customers;
  private final CallLog callLog;
  private final CallScreenPop screenPop;

  public CallIntake(IdentityResolver identities, ConversationStore conversations, CustomerStore customers, CallLog callLog,
      CallScreenPop screenPop) {
    this.identities = identities;
    this.conversations = conversations;
    this.customers = customers;
    this.callLog = callLog;
    this.screenPop = screenPop;
  }

  /** Blocking: run as a publishing store write. @throws NotFoundException for news of a call that never started */
  public Outcome<InboundOutcome> record(CallEvent call) {
    if (call.kind() != CallEvent.Kind.STARTED && !callLog.known(call.channel().id(), call.callId())) {
      // Checked before the caller is looked up, so a refused event creates no customer.
      throw new NotFoundException("call", call.callId());
    }
    IdentityResolution caller = identities.resolve(call.caller());
    Optional<Conversation> current = conversations.findActiveFor(caller.customerId());
    List<HubEvent> events = new ArrayList<>();
    ResolutionEvents.addTo(events, caller, customers);
    String from = call.caller().identities().get(0).value();
    events.add(new CallActivity(call.kind().eventType(), call.callId(), from, call.to(), call.at(), call.agentEmail(),
        caller.customerId(), current.map(Conversation::id).orElse(null), current.map(Conversation::assigneeId).orElse(null),
        current.map(Conversation::queueId).orElse(null)));
    callLog.record(call, caller.customerId());
    if (call.kind() != CallEvent.Kind.ENDED) {
      events.add(screenPop.of(call, from, caller.customerId(), current));
    }
    return new Outcome<>(new InboundOutcome.CallRecorded(caller.customerId(), current.map(Conversation::id).orElse(null)), events);
  }
}
