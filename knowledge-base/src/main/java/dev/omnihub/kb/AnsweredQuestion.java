package dev.omnihub.kb;

import java.util.Objects;

/**
 * A customer's question from a resolved conversation with the answer the agent gave, personal data
 * already masked: what "answered before" suggests for a similar later question.
 *
 * @param id the entry's id (the hub uses the answer message's)
 */
public record AnsweredQuestion(String id, String question, String answer) {
  public AnsweredQuestion {
    Objects.requireNonNull(id, "id");
    if (question == null || question.isBlank() || answer == null || answer.isBlank()) {
      throw new IllegalArgumentException("an answered question needs both the question and the answer");
    }
  }
}
