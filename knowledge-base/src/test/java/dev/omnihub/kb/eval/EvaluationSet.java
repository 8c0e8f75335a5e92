package dev.omnihub.kb.eval;

import dev.omnihub.kb.Article;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A retrieval evaluation set in {@code src/test/resources/kb-eval}: help-center articles and customer
 * messages, each with the one article that answers it, or none for a message no article answers.
 *
 * <ul>
 *   <li>{@link #load()}, the project's first set: 58 articles of a web shop (40 English, 18 Chinese)
 *       and 167 messages (paraphrases, synonyms, typos, Chinese mixed with English, long messages).</li>
 *   <li>{@link #customer(String)}, the customer-style set ({@code kb-eval/customer}): 72 articles of a
 *       shop with a mobile network and subscriptions (41 English, 31 Chinese) in clusters of near
 *       neighbours (refund to card / as store credit / for a cancelled subscription; address change
 *       before / after shipping; gift card / discount voucher / e-gift card not received; eSIM / new
 *       phone / lost SIM / PUK; password / locked / lost 2FA phone / hacked; ...), with messages
 *       written as customers write: typos, fragments, rambling, mixed Chinese and English, slang and
 *       synonyms ("voucher", "nicked"), and off-topic messages in both languages. Split in two:
 *       {@code dev}, which ranking and thresholds are tuned on, and {@code heldout}, which is only
 *       measured.</li>
 * </ul>
 */
public record EvaluationSet(String name, List<Article> articles, List<Question> questions) {

  /**
   * A customer message and the article that answers it.
   *
   * @param expected the answering article's id; {@code null} when no article answers it (off topic)
   * @param kind     how it is written: paraphrase, synonym, typo, fragment, rambling, long, mixed, off-topic
   */
  public record Question(String text, String locale, String expected, String kind) {

    /** Whether no article answers it: anything offered for it is noise. */
    public boolean offTopic() {
      return expected == null;
    }
  }

  /** The project's first set (articles and messages that all have an answer). */
  public static EvaluationSet load() {
    return load("first", "kb-eval/articles.json", "kb-eval/questions.json");
  }

  /** The customer-style set's {@code dev} or {@code heldout} messages with its articles. */
  public static EvaluationSet customer(String split) {
    if (!split.equals("dev") && !split.equals("heldout")) {
      throw new IllegalArgumentException("split is dev or heldout, not " + split);
    }
    return load("customer-" + split, "kb-eval/customer/articles.json", "kb-eval/customer/questions-" + split + ".json");
  }

  static EvaluationSet load(String name, String articlesResource, String questionsResource) {
    JsonArray articles = read(articlesResource);
    JsonArray questions = read(questionsResource);
    return new EvaluationSet(name,
        articles.stream().map(JsonObject.class::cast).map(a -> new Article(a.getString("id"), a.getString("title"), a.getString("body"),
            a.getString("locale"), a.getJsonArray("tags").stream().map(String.class::cast).toList())).toList(),
        questions.stream().map(JsonObject.class::cast).map(q -> new Question(q.getString("q"), q.getString("locale"), q.getString("expected"),
            q.getString("kind"))).toList());
  }

  /** The messages an article answers. */
  public List<Question> answerable() {
    return questions.stream().filter(question -> !question.offTopic()).toList();
  }

  /** The messages no article answers. */
  public List<Question> offTopic() {
    return questions.stream().filter(Question::offTopic).toList();
  }

  private static JsonArray read(String resource) {
    try (InputStream in = EvaluationSet.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the test classpath");
      }
      return new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
