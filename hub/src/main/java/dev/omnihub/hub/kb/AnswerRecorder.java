package dev.omnihub.hub.kb;

import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.events.ConversationUpdated;
import dev.omnihub.hub.events.EventLog;
import dev.omnihub.hub.events.HubEvent;
import dev.omnihub.hub.events.Reaction;
import java.util.List;

/**
 * When a conversation is resolved, records its question and answer ({@link AnsweredQuestions}), so
 * the next similar question is suggested the answer: a reaction to the durable resolution, so a crash
 * between the resolution and the record cannot lose it. The index takes the record up when it next
 * follows the store's changes (every second, {@link KnowledgeSync#follow}), on every node.
 */
public final class AnswerRecorder {

  private final AnsweredQuestions answers;

  public AnswerRecorder(AnsweredQuestions answers) {
    this.answers = answers;
  }

  public Reaction resolvedReaction() {
    return new Reaction() {
      @Override
      public String name() {
        return "kb.answer_recorded";
      }

      @Override
      public boolean wants(EventLog.Logged event) {
        // Replayed after a restart, the conversation is as it is now: one reopened since is not recorded.
        return event.event() instanceof ConversationUpdated updated && updated.changes().contains("status")
            && updated.conversation().status() == ConversationStatus.RESOLVED;
      }

      @Override
      public List<HubEvent> react(EventLog.Logged event) {
        answers.recordResolved(event.conversationId());
        return List.of();
      }
    };
  }
}
