package dev.omnihub.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.adapters.spi.CallEvent;
import dev.omnihub.adapters.spi.ChannelRef;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.DeliveryState;
import dev.omnihub.adapters.spi.DeliveryStatusUpdate;
import dev.omnihub.adapters.spi.InboundOutcome;
import dev.omnihub.adapters.spi.InboundResult;
import dev.omnihub.adapters.spi.Signal;
import dev.omnihub.hub.events.CallActivity;
import dev.omnihub.hub.events.ConversationSignal;
import dev.omnihub.hub.events.EventAddresses;
import dev.omnihub.hub.testing.EventRecorder;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sink's typed results beside messages: a call's progress makes the caller a customer and tells
 * agents who calls; a typing or read signal reaches the conversation's watchers and stores nothing;
 * an ignored result and news about an unknown sent message change nothing.
 */
class InboundResultsTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  static ChannelRef voice;
  static JsonObject api;

  @BeforeAll
  static void channels() {
    api = hub.client().createApiChannel(hub.adminToken(), "App", null);
    voice = new ChannelRef(ChannelType.VOICE, "voice-line-1");
  }

  private static InboundOutcome submit(InboundResult result) throws Exception {
    return hub.hub().services().channelServices().pipeline().submit(result).await(10, TimeUnit.SECONDS);
  }

  @Test
  void aCallFromANewNumberMakesACustomerAndTellsTheAgents() throws Exception {
    try (EventRecorder events = new EventRecorder(hub.hub().services().store(), EventAddresses.CALL_ACTIVITY)) {
      InboundOutcome outcome = submit(new CallEvent(voice, CallEvent.Kind.STARTED, "call-1",
          Contact.of(null, ContactIdentity.phone("+49 30 1234567")), "+4930999", Instant.parse("2026-12-01T10:00:00Z"), null));

      assertThat(outcome).isInstanceOfSatisfying(InboundOutcome.CallRecorded.class, recorded -> {
        assertThat(recorded.conversationId()).isNull();
        assertThat(hub.client().get("/api/v1/customers?identity=phone:+49301234567", hub.adminToken()).items().getJsonObject(0)
            .getString("id")).isEqualTo(recorded.customerId());
      });
      CallActivity activity = events.await(CallActivity.class, event -> event.callId().equals("call-1"));
      assertThat(activity.type()).isEqualTo("call.started");
      assertThat(activity.from()).isEqualTo("+49 30 1234567");
    }
  }

  @Test
  void aCallFromAKnownCustomerNamesTheirConversation() throws Exception {
    String conversation = hub.client().webhook(api, HubClient.message("call-known-1", new JsonObject().put("phone", "+4930555111"),
        "I will call you")).json().getString("conversationId");
    submit(new CallEvent(voice, CallEvent.Kind.STARTED, "call-2", Contact.of(null, ContactIdentity.phone("+49 30 555111")), null,
        Instant.parse("2026-12-01T10:04:00Z"), null));
    try (EventRecorder events = new EventRecorder(hub.hub().services().store(), EventAddresses.CALL_ACTIVITY)) {
      InboundOutcome outcome = submit(new CallEvent(voice, CallEvent.Kind.ANSWERED, "call-2",
          Contact.of(null, ContactIdentity.phone("+49 30 555111")), null, Instant.parse("2026-12-01T10:05:00Z"), "ada@shop.test"));

      assertThat(((InboundOutcome.CallRecorded) outcome).conversationId()).isEqualTo(conversation);
      assertThat(events.await(CallActivity.class, event -> event.callId().equals("call-2") && conversation.equals(event.conversationId()))
          .agentEmail()).isEqualTo("ada@shop.test");
    }
  }

  @Test
  void aTypingSignalReachesTheConversationAndStoresNothing() throws Exception {
    String conversation = hub.client().webhook(api, HubClient.message("typing-1", new JsonObject().put("email", "typist@example.com"),
        "hello")).json().getString("conversationId");
    int before = messageCount(conversation);
    try (EventRecorder events = new EventRecorder(hub.hub().services().store(), EventAddresses.CONVERSATION_SIGNAL)) {
      InboundOutcome outcome = submit(new Signal(new ChannelRef(ChannelType.API, api.getString("id")), Signal.Kind.TYPING,
          Contact.of(null, ContactIdentity.email("typist@example.com")), null, null));

      assertThat(outcome).isEqualTo(new InboundOutcome.Signaled(conversation));
      assertThat(events.await(ConversationSignal.class, event -> conversation.equals(event.conversationId())).type()).isEqualTo("typing");
    }
    assertThat(messageCount(conversation)).isEqualTo(before);
  }

  @Test
  void aSignalFromAStrangerCreatesNobody() throws Exception {
    InboundOutcome outcome = submit(new Signal(new ChannelRef(ChannelType.API, api.getString("id")), Signal.Kind.READ,
        Contact.of(null, ContactIdentity.email("stranger@example.com")), null, 3L));

    assertThat(outcome).isEqualTo(new InboundOutcome.Signaled(null));
    assertThat(hub.client().get("/api/v1/customers?identity=email:stranger@example.com", hub.adminToken()).items()).isEmpty();
  }

  @Test
  void anIgnoredResultAndNewsOfAnUnknownSentMessageChangeNothing() throws Exception {
    ChannelRef channel = new ChannelRef(ChannelType.API, api.getString("id"));

    assertThat(submit(new InboundResult.Ignored(channel, "keep-alive"))).isEqualTo(new InboundOutcome.Dropped("keep-alive"));
    assertThat(submit(new DeliveryStatusUpdate(channel, "never-sent-1", DeliveryState.DELIVERED, null)))
        .isEqualTo(new InboundOutcome.StatusRecorded(null));
  }

  private static int messageCount(String conversationId) {
    return hub.client().get("/api/v1/conversations/" + conversationId + "/messages", hub.adminToken()).items().size();
  }
}
