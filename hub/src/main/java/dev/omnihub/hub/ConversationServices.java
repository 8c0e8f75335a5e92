package dev.omnihub.hub;

import dev.omnihub.hub.bots.BotService;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.events.Reactions;
import dev.omnihub.hub.outbound.Outbox;
import dev.omnihub.hub.realtime.OfflineChatMail;
import dev.omnihub.hub.service.ConversationService;
import dev.omnihub.hub.service.SnoozeWakeUps;
import dev.omnihub.hub.timers.TimerStore;

/** Conversations and what follows from them: messages, the delivery queue, timers, bots, reactions. */
public record ConversationServices(ConversationStore conversations, MessageStore messages, Outbox outbox,
    ConversationService conversationService, SnoozeWakeUps snoozes, TimerStore timers, OfflineChatMail offlineMail, BotService bots,
    Reactions reactions) {
}
