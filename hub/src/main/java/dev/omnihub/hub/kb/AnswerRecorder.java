package dev.omnihub.hub.kb;

import dev.omnihub.hub.events.ConversationUpdated;
import dev.omnihub.hub.events.EventAddresses;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.kb.Suggestion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a conversation is resolved on this node, records its question and answer
 * ({@link AnsweredQuestions}) and indexes them, so the next similar question is suggested the answer.
 */
public final class AnswerRecorder {

  private static final Logger log = LoggerFactory.getLogger(AnswerRecorder.class);

  private final Vertx vertx;
  private final PublishingStore store;
  private final AnsweredQuestions answers;
  private final KnowledgeSync sync;

  public AnswerRecorder(Vertx vertx, PublishingStore store, AnsweredQuestions answers, KnowledgeSync sync) {
    this.vertx = vertx;
    this.store = store;
    this.answers = answers;
    this.sync = sync;
  }

  public void start() {
    store.listen(EventAddresses.CONVERSATION_UPDATED, event -> {
      if (event instanceof ConversationUpdated updated && updated.changes().contains("status")
          && "resolved".equals(updated.conversation().getString("status"))) {
        record(updated.conversation().getString("id"))
            .onFailure(error -> log.warn("Could not record the answer of conversation {}: {}", updated.conversation().getString("id"),
                error.toString()));
      }
    });
  }

  /** Records and indexes a resolved conversation's answer; completes once it is searchable on this node. */
  public Future<Void> record(String conversationId) {
    return store.write(() -> answers.recordResolved(conversationId)).compose(recorded -> recorded.isEmpty() ? Future.succeededFuture()
        : vertx.executeBlocking(() -> {
          sync.apply(Suggestion.Kind.ANSWER, recorded.get()).get();
          return null;
        }, false));
  }
}
