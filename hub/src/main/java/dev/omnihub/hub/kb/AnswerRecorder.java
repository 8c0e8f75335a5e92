package dev.omnihub.hub.kb;

import dev.omnihub.hub.events.Reaction;

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
    return Reaction.onResolved("kb.answer_recorded", conversation -> answers.recordResolved(conversation.id()));
  }
}
