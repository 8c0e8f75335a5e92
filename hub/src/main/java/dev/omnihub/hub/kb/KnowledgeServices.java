package dev.omnihub.hub.kb;

import dev.omnihub.hub.config.HubConfig;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.privacy.PersonalDataMask;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.kb.KnowledgeIndex;
import dev.omnihub.kb.Suggestion;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;

/** The knowledge base's parts, built once: the store side, the index's sync, suggestions and their push, trending alerts. */
public record KnowledgeServices(KnowledgeIndex index, ArticleStore articles, AnsweredQuestions answers, SuggestionFeedback feedback,
    KnowledgeSync sync, ConversationSuggestions suggestions, SuggestionWatchers watchers, AnswerRecorder answerRecorder,
    AlertStore alerts, TrendingQuestions trending) {

  public static KnowledgeServices create(Vertx vertx, MongoStore mongo, PublishingStore store, KnowledgeIndex index,
      ConversationStore conversations, MessageStore messages, CustomerStore customers, HubConfig config, Clock clock) {
    ArticleStore articles = new ArticleStore(mongo, clock);
    PersonalDataMask mask = new PersonalDataMask(config.defaultPhoneRegion());
    AnsweredQuestions answers = new AnsweredQuestions(mongo, conversations, messages, customers, mask, clock);
    AlertStore alerts = new AlertStore(mongo);
    SuggestionFeedback feedback = new SuggestionFeedback(mongo, clock);
    KnowledgeSync sync = new KnowledgeSync(articles, answers, index, clock);
    ConversationSuggestions suggestions = new ConversationSuggestions(vertx, store, conversations, messages, index, feedback, answers);
    return new KnowledgeServices(index, articles, answers, feedback, sync, suggestions, new SuggestionWatchers(suggestions),
        new AnswerRecorder(answers), alerts,
        new TrendingQuestions(store, alerts, index, mask, config.trendingWindow(), config.trendingMinCustomers(), clock));
  }

  /** Whether an article or an answered question exists (blocking). */
  public boolean exists(Suggestion.Kind kind, String id) {
    return kind == Suggestion.Kind.ARTICLE ? articles.findLive(id) != null : answers.entries(List.of(id)).containsKey(id);
  }

  /** Brings the index in step with the store, then follows its changes (answers recorded on resolution too) and new messages. */
  public void start(Vertx vertx, PublishingStore store) {
    sync.reconcile();
    vertx.setPeriodic(1_000, id -> sync.follow());
    watchers.start(store);
    trending.start();
  }
}
