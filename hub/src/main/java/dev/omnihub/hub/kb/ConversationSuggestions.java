package dev.omnihub.hub.kb;

import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.kb.KnowledgeIndex;
import dev.omnihub.kb.SearchScope;
import dev.omnihub.kb.Suggestion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Suggestions for the agent replying in a conversation (API.md "Knowledge base"): the customer's
 * latest turn ({@link SuggestionQuery}) searched among published articles and earlier answers (nothing
 * when the best is under the index's confidence floor), then ranked with what agents said of them: an
 * entry marked not helpful in this conversation is not offered there again, and each entry's verdicts
 * everywhere weigh its score (0.75 to 1.25, at most 1).
 */
public final class ConversationSuggestions {

  /** Suggestions shown at once. */
  static final int LIMIT = 5;
  /**
   * Entries the index offers before feedback reorders them; only the first {@link #LIMIT} are
   * highlighted (the rare one feedback lifts from below shows its article's opening).
   */
  private static final int CANDIDATES = 15;
  private static final int LOOK_BACK = 30;

  private final Vertx vertx;
  private final PublishingStore store;
  private final ConversationStore conversations;
  private final MessageStore messages;
  private final KnowledgeIndex index;
  private final SuggestionFeedback feedback;
  private final AnsweredQuestions answers;

  public ConversationSuggestions(Vertx vertx, PublishingStore store, ConversationStore conversations, MessageStore messages,
      KnowledgeIndex index, SuggestionFeedback feedback, AnsweredQuestions answers) {
    this.vertx = vertx;
    this.store = store;
    this.conversations = conversations;
    this.messages = messages;
    this.index = index;
    this.feedback = feedback;
    this.answers = answers;
  }

  /**
   * The suggestions for a conversation as API items, best first; empty when the customer has said
   * nothing or nothing fits. Fails with {@code NotFoundException} for an unknown conversation.
   *
   * @param principal who asks: an API token limited to channels is offered only the answers of
   *                  conversations it reaches
   */
  public Future<JsonArray> forConversation(String conversationId, Principal principal) {
    return store.read(() -> {
      conversations.require(conversationId);
      return SuggestionQuery.of(messages.list(conversationId, null, LOOK_BACK, true).items());
    }).compose(question -> question.isBlank() ? Future.succeededFuture(List.<Suggestion>of())
        : vertx.executeBlocking(() -> index.search(question, null, CANDIDATES, SearchScope.SUGGESTIONS, LIMIT), false))
        .compose(hits -> hits.isEmpty() ? Future.succeededFuture(new JsonArray()) : store.read(() -> rank(conversationId, hits, principal)));
  }

  private JsonArray rank(String conversationId, List<Suggestion> hits, Principal principal) {
    Set<String> dismissed = feedback.dismissedIn(conversationId);
    Map<String, AnsweredQuestions.Entry> answerEntries = answers.entries(hits.stream()
        .filter(hit -> hit.kind() == Suggestion.Kind.ANSWER).map(Suggestion::id).toList());
    Map<String, SuggestionFeedback.Totals> totals = feedback.totals(hits.stream()
        .map(hit -> hit.kind().key(hit.id())).toList());
    record Ranked(Suggestion hit, AnsweredQuestions.Entry answer, double score) {
    }
    List<Ranked> ranked = new ArrayList<>();
    for (Suggestion hit : hits) {
      String entry = hit.kind().key(hit.id());
      if (dismissed.contains(entry)) {
        continue;
      }
      AnsweredQuestions.Entry answer = answerEntries.get(hit.id());
      if (hit.kind() == Suggestion.Kind.ANSWER
          && (answer == null || answer.conversationId().equals(conversationId) || !principal.reaches(answer.channelIds()))) {
        continue;
      }
      SuggestionFeedback.Totals counts = totals.getOrDefault(entry, new SuggestionFeedback.Totals(0, 0));
      // The index's confidence, nudged by agents' verdicts; still a confidence, so never above 1.
      ranked.add(new Ranked(hit, answer, Math.min(1.0, hit.score() * counts.weight())));
    }
    ranked.sort(Comparator.comparingDouble(Ranked::score).reversed());
    JsonArray items = new JsonArray();
    for (Ranked item : ranked.subList(0, Math.min(LIMIT, ranked.size()))) {
      JsonObject json = new JsonObject().put("kind", item.hit().kind().wire()).put("id", item.hit().id());
      if (item.answer() != null) {
        json.put("conversationId", item.answer().conversationId());
      } else {
        json.put("articleId", item.hit().id());
      }
      items.add(json.put("title", item.hit().title()).put("snippet", item.hit().snippet())
          .put("score", Math.round(item.score() * 1000) / 1000.0));
    }
    return items;
  }
}
