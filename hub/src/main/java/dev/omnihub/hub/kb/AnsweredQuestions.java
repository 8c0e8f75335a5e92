package dev.omnihub.hub.kb;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.omnihub.hub.conversation.Author;
import dev.omnihub.hub.conversation.Conversation;
import dev.omnihub.hub.conversation.ConversationStatus;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.conversation.Direction;
import dev.omnihub.hub.conversation.Message;
import dev.omnihub.hub.conversation.MessageStore;
import dev.omnihub.hub.customer.CustomerStore;
import dev.omnihub.hub.privacy.PersonalDataMask;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.kb.AnsweredQuestion;
import dev.omnihub.kb.KnowledgeIndex;
import dev.omnihub.kb.Suggestion;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;

/**
 * {@code kb_answers}: the question and answer of each resolved conversation, personal data masked, so
 * that a similar later question suggests the earlier answer ("answered before"). The answer is the
 * agent's last reply before the resolution; the question is the customer's turn it answered. One
 * entry per answer message (a conversation resolved twice gives two); erasure and retention turn a
 * conversation's entries into tombstones ({@code privacy/ConversationCleanup}), so every node's index
 * drops them. Blocking.
 */
public final class AnsweredQuestions implements IndexSource {

  /** The newest messages read for a resolution: the answer and the question it answered are among them. */
  private static final int LOOK_BACK = 50;
  private static final int MAX_QUESTION = 1_500;
  private static final int MAX_ANSWER = 4_000;

  /** An entry as suggestions use it. */
  public record Entry(String id, String conversationId, List<String> channelIds) {
  }

  private final MongoCollection<Document> answers;
  private final VersionedEntries versioned;
  private final ConversationStore conversations;
  private final MessageStore messages;
  private final CustomerStore customers;
  private final PersonalDataMask mask;
  private final Clock clock;

  public AnsweredQuestions(MongoStore store, ConversationStore conversations, MessageStore messages, CustomerStore customers,
      PersonalDataMask mask, Clock clock) {
    this.answers = store.collection(Collections.KB_ANSWERS);
    this.versioned = new VersionedEntries(answers);
    this.conversations = conversations;
    this.messages = messages;
    this.customers = customers;
    this.mask = mask;
    this.clock = clock;
  }

  /**
   * Records what a conversation that is resolved now answered. Idempotent: the same answer again
   * changes nothing. @return the entry's id, or empty when the conversation is not resolved or has no
   * question and agent answer
   */
  public Optional<String> recordResolved(String conversationId) {
    Optional<Conversation> found = conversations.find(conversationId);
    if (found.isEmpty() || found.get().status() != ConversationStatus.RESOLVED) {
      return Optional.empty();
    }
    Conversation conversation = found.get();
    List<Message> newestFirst = messages.list(conversationId, null, LOOK_BACK, true).items();
    int answerAt = -1;
    for (int i = 0; i < newestFirst.size(); i++) {
      Message message = newestFirst.get(i);
      if (message.direction() == Direction.OUTBOUND && Author.AGENT.equals(message.author().type())
          && message.text() != null && !message.text().isBlank()) {
        answerAt = i;
        break;
      }
    }
    if (answerAt < 0) {
      return Optional.empty();
    }
    Message answer = newestFirst.get(answerAt);
    String question = SuggestionQuery.of(newestFirst.subList(answerAt + 1, newestFirst.size()));
    if (question.isBlank()) {
      return Optional.empty();
    }
    Set<String> names = new HashSet<>();
    customers.find(conversation.customerId()).ifPresent(customer -> names.add(customer.name()));
    newestFirst.forEach(message -> {
      names.add(message.author().name());
      if (message.direction() == Direction.INBOUND) {
        names.addAll(PersonalDataMask.introducedNames(message.text()));
      }
    });
    String maskedQuestion = cut(mask.mask(question, names), MAX_QUESTION);
    String maskedAnswer = cut(mask.mask(answer.text(), names), MAX_ANSWER);
    Document existing = answers.find(Filters.eq("_id", answer.id())).first();
    if (existing != null && !Boolean.TRUE.equals(existing.getBoolean("deleted")) && maskedQuestion.equals(existing.getString("question"))
        && maskedAnswer.equals(existing.getString("answer"))) {
      return Optional.of(answer.id());
    }
    long version = existing == null ? 1 : existing.getLong("version") + 1;
    answers.replaceOne(Filters.eq("_id", answer.id()), new Document("_id", answer.id()).append("conversationId", conversationId)
        .append("channelIds", conversation.channelIds()).append("question", maskedQuestion).append("answer", maskedAnswer)
        .append("version", version).append("deleted", false).append("changedAt", Docs.date(clock.instant())),
        new ReplaceOptions().upsert(true));
    return Optional.of(answer.id());
  }

  /** The live entries with these ids. */
  public Map<String, Entry> entries(List<String> ids) {
    Map<String, Entry> found = new HashMap<>();
    for (Document doc : answers.find(Filters.and(Filters.in("_id", ids), Filters.eq("deleted", false)))
        .projection(new Document("conversationId", 1).append("channelIds", 1))) {
      found.put(doc.getString("_id"), new Entry(doc.getString("_id"), doc.getString("conversationId"), Docs.strings(doc, "channelIds")));
    }
    return found;
  }

  @Override
  public Suggestion.Kind kind() {
    return Suggestion.Kind.ANSWER;
  }

  @Override
  public Map<String, Long> currentVersions() {
    return versioned.currentVersions();
  }

  @Override
  public List<Document> changedSince(Instant since, int limit) {
    return versioned.changedSince(since, limit);
  }

  @Override
  public long apply(String id, KnowledgeIndex index) {
    Document doc = answers.find(Filters.and(Filters.eq("_id", id), Filters.eq("deleted", false))).first();
    if (doc == null) {
      index.remove(Suggestion.Kind.ANSWER, id);
      return -1;
    }
    index.put(new AnsweredQuestion(id, doc.getString("question"), doc.getString("answer")), doc.getLong("version"));
    return doc.getLong("version");
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
