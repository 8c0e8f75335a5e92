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
 * The retrieval evaluation set in {@code src/test/resources/kb-eval}: 58 help-center articles (40
 * English, 18 Chinese) and 167 customer messages written as customers write them (paraphrases,
 * synonyms, typos, Chinese mixed with English, long messages), each with the one article that
 * answers it.
 */
public record EvaluationSet(List<Article> articles, List<Question> questions) {

  /** A customer message and the article that answers it. */
  public record Question(String text, String locale, String expected, String kind) {
  }

  public static EvaluationSet load() {
    JsonArray articles = read("kb-eval/articles.json");
    JsonArray questions = read("kb-eval/questions.json");
    return new EvaluationSet(
        articles.stream().map(JsonObject.class::cast).map(a -> new Article(a.getString("id"), a.getString("title"), a.getString("body"),
            a.getString("locale"), a.getJsonArray("tags").stream().map(String.class::cast).toList())).toList(),
        questions.stream().map(JsonObject.class::cast).map(q -> new Question(q.getString("q"), q.getString("locale"), q.getString("expected"),
            q.getString("kind"))).toList());
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
