package dev.omnihub.hub.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.conversation.Author;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.conversation.Delivery;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.ListedAttachment;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.conversation.TicketRef;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every event survives the wire encoding a clustered event bus uses, and fans out by its own facts. */
class HubEventCodecTest {

  private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
  private static final Conversation CONVERSATION = new Conversation("c1", "u1", ConversationStatus.OPEN, List.of("sms"), List.of("ch1"),
      "ch1", "sms", null, "a1", "q1", "normal", AT, AT, AT, AT, AT, null, null, "hi", 0L, null, null,
      new TicketRef("t1", 1001, "open", "high", 2), new dev.omnihub.hub.sla.SlaSummary("p1", AT, null, AT.plusSeconds(3_600), AT,
          List.of(new dev.omnihub.hub.sla.SlaSummary.Breach("firstResponse", AT, AT.plusSeconds(2)))), List.of("vip"),
      new dev.omnihub.hub.conversation.CsatRef(4, "quick and kind", AT), 3);
  /** A reply with everything a message can carry: an attachment, a delivery with a channel's fact, a call's facts. */
  private static final Message MESSAGE = new Message("m1", "c1", "u1", "sms", "ch1", Direction.OUTBOUND, new Author("agent", "a1", "Ana"),
      "hi", null, List.of(new ListedAttachment("f1", "/api/v1/attachments/f1", "a.pdf", "application/pdf", 12L, false, null, false)), null, AT,
      AT, new Delivery("sent", 1, null, null, null, AT, null, null, "SM1", null, Map.of("segments", 2)),
      Map.of("subject", "Re: hi", "call", Map.of("durationSeconds", 30, "segments", List.of(Map.of("speaker", "agent", "text", "hi")))));

  @Test
  void everyEventRoundTripsThroughItsCodec() {
    List<HubEvent> events = List.of(
        new MessageCreated(MESSAGE, "a1", "q1"),
        new MessageUpdated(MESSAGE, null, null),
        new ConversationCreated(CONVERSATION),
        new ConversationUpdated(CONVERSATION, List.of("status"), "a0"),
        new CustomerMerged("s1", "l1", List.of("c1", "c2")),
        new CallActivity("call.started", "call-1", "+4930123", "+4930999", java.time.Instant.parse("2026-12-01T10:00:00Z"), null, "u1",
            "c1", "a1", null),
        new ConversationSignal("read", "c1", "customer", "u1", 7L, "a1", "q1"),
        new CallIncoming(new JsonObject().put("callId", "call-1").put("from", "+4930123").put("recent", new io.vertx.core.json.JsonArray()), "a1"),
        new AgentPresence("a1", "online", java.time.Instant.parse("2026-12-01T10:00:00Z")),
        CustomerChanged.updated(new JsonObject().put("id", "u1").put("name", "Nia")),
        new MergeSuggested(new JsonObject().put("id", "s1").put("customerId", "u1").put("otherId", "u2")),
        new AlertRaised(new JsonObject().put("id", "al1").put("type", "trending").put("title", "Points gone")),
        new QueueStats(new JsonObject().put("queueId", "q1").put("name", "Billing").put("waiting", 3)),
        new TicketChanged(TicketChanged.CREATED, new JsonObject().put("number", 1001).put("conversationId", "c1"), "a1", "q1"),
        new SlaAlarmRaised(SlaAlarmRaised.BREACHED, new JsonObject().put("conversationId", "c1").put("target", "firstResponse"), "a1", "q1"),
        new CsatReceived(new JsonObject().put("conversationId", "c1").put("score", 5).put("comment", "great"), "a1", "q1"));
    for (HubEvent event : events) {
      assertThat(roundTrip(event)).isEqualTo(event);
    }
  }

  /** What another node's bus news bring: the entry as its writer kept it, the same event, audience and frame. */
  @Test
  void aLoggedEntryCrossesToAnotherNodeWhole() {
    List<EventLog.Logged> written = List.of(
        new EventLog.Logged(101, new MessageCreated(MESSAGE, "a1", "q1")),
        new EventLog.Logged(102, new ConversationUpdated(CONVERSATION, List.of("assigneeId"), "a0")),
        new EventLog.Logged(103, new AgentPresence("a1", "online", AT)),
        new EventLog.Logged(104, "something.new", true, Audience.of("c1", "a1", null), new JsonObject().put("type", "something.new")));
    for (EventLog.Logged entry : written) {
      EventLog.Logged received = EventLog.Logged.fromWire(new JsonObject(entry.wireForm().encode()));

      assertThat(received.cursor()).isEqualTo(entry.cursor());
      assertThat(received.type()).isEqualTo(entry.type());
      assertThat(received.audience()).isEqualTo(entry.audience());
      assertThat(received.customerVisible()).isEqualTo(entry.customerVisible());
      assertThat(received.complete()).isTrue();
      assertThat(received.event()).as(entry.type()).isEqualTo(entry.event());
      assertThat(new JsonObject(received.frame())).isEqualTo(new JsonObject(entry.frame()));
    }
  }

  /** What a replay from the store does for kinds logged with their own JSON: each type finds its own record. */
  @Test
  void everyKindLoggedWithItsOwnJsonIsReadBackByItsType() {
    List<HubEvent> logged = List.of(
        new CustomerMerged("s1", "l1", List.of("c1", "c2")),
        new CallActivity("call.ended", "call-1", "+4930123", "+4930999", AT, null, "u1", "c1", "a1", null),
        new CallIncoming(new JsonObject().put("callId", "call-1").put("from", "+4930123").put("recent", new io.vertx.core.json.JsonArray()),
            "a1"),
        new AgentPresence("a1", "online", AT),
        CustomerChanged.created(new JsonObject().put("id", "u1").put("name", "Nia")),
        new MergeSuggested(new JsonObject().put("id", "s1").put("customerId", "u1").put("otherId", "u2")),
        new AlertRaised(new JsonObject().put("id", "al1").put("type", "trending").put("title", "Points gone")),
        new QueueStats(new JsonObject().put("queueId", "q1").put("name", "Billing").put("waiting", 3)),
        new TicketChanged(TicketChanged.UPDATED, new JsonObject().put("number", 1001).put("conversationId", "c1"), null, null),
        new TicketChanged(TicketChanged.UPDATED, new JsonObject().put("number", 1001).put("conversationId", "c1"), "a1", null, true),
        new SlaAlarmRaised(SlaAlarmRaised.WARNING, new JsonObject().put("conversationId", "c1").put("target", "resolution"), null, null),
        new CsatReceived(new JsonObject().put("conversationId", "c1").put("score", 2), null, null));
    for (HubEvent event : logged) {
      assertThat(HubEventCodec.decode(event.type(), event.toJson())).as(event.type()).isEqualTo(event);
    }
    assertThat(HubEventCodec.decode("something.new", new JsonObject())).isNull();
  }

  @Test
  void fanOutFactsComeFromThePayload() {
    ConversationUpdated updated = new ConversationUpdated(CONVERSATION, List.of("assignee"), "a0");
    assertThat(updated.conversationId()).isEqualTo("c1");
    assertThat(updated.assigneeId()).isEqualTo("a1");
    assertThat(updated.queueId()).isEqualTo("q1");
    MessageCreated created = new MessageCreated(MESSAGE, "a1", null);
    assertThat(created.conversationId()).isEqualTo("c1");
    assertThat(created.toJson().getString("type")).isEqualTo("message.created");
  }

  @SuppressWarnings("unchecked")
  private static <T extends HubEvent> T roundTrip(T event) {
    MessageCodec<T, T> codec = (MessageCodec<T, T>) codecFor(event);
    Buffer wire = Buffer.buffer();
    codec.encodeToWire(wire, event);
    return codec.decodeFromWire(0, wire);
  }

  private static MessageCodec<?, ?> codecFor(HubEvent event) {
    return switch (event) {
      case MessageCreated e -> codec(MessageCreated.class, MessageCreated::fromJson);
      case MessageUpdated e -> codec(MessageUpdated.class, MessageUpdated::fromJson);
      case ConversationCreated e -> codec(ConversationCreated.class, ConversationCreated::fromJson);
      case ConversationUpdated e -> codec(ConversationUpdated.class, ConversationUpdated::fromJson);
      case CustomerMerged e -> codec(CustomerMerged.class, CustomerMerged::fromJson);
      case CallActivity e -> codec(CallActivity.class, CallActivity::fromJson);
      case CallIncoming e -> codec(CallIncoming.class, CallIncoming::fromJson);
      case ConversationSignal e -> codec(ConversationSignal.class, ConversationSignal::fromJson);
      case AgentPresence e -> codec(AgentPresence.class, AgentPresence::fromJson);
      case CustomerChanged e -> codec(CustomerChanged.class, CustomerChanged::fromJson);
      case MergeSuggested e -> codec(MergeSuggested.class, MergeSuggested::fromJson);
      case AlertRaised e -> codec(AlertRaised.class, AlertRaised::fromJson);
      case QueueStats e -> codec(QueueStats.class, QueueStats::fromJson);
      case TicketChanged e -> codec(TicketChanged.class, TicketChanged::fromJson);
      case SlaAlarmRaised e -> codec(SlaAlarmRaised.class, SlaAlarmRaised::fromJson);
      case CsatReceived e -> codec(CsatReceived.class, CsatReceived::fromJson);
    };
  }

  private static <T extends HubEvent> MessageCodec<T, T> codec(Class<T> type, java.util.function.Function<JsonObject, T> decoder) {
    return HubEventCodec.of(type, decoder);
  }
}
