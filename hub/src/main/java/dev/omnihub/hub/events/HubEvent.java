package dev.omnihub.hub.events;

import io.vertx.core.json.JsonObject;

/**
 * Something that happened, published on the event bus after it was stored durably. Payloads are
 * the API's JSON shapes so sockets and bots can forward them as they are.
 */
public sealed interface HubEvent permits MessageEvent, ConversationEvent, ConversationlessEvent, CallActivity, CallIncoming,
    ConversationSignal, TicketChanged, SlaAlarmRaised, CsatReceived {

  /** The event name clients see ({@code message.created}). */
  String type();

  /** The typed address services listen on. */
  String address();

  /** The conversation it concerns, for fan-out; {@code null} when it concerns none. */
  String conversationId();

  /** The agent the conversation is assigned to, for fan-out; {@code null} when unassigned. */
  String assigneeId();

  /** The queue the conversation waits in, for fan-out; {@code null} when none. */
  String queueId();

  /** The payload: {@code {"type": ..., ...}}. */
  JsonObject toJson();
}
