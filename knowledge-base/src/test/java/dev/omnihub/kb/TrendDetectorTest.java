package dev.omnihub.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrendDetectorTest {

  private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

  @TempDir
  Path dir;

  @Test
  void threeCustomersWithTheSameProblemTrendOncePerWindow() {
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, new SentenceEmbedder())) {
      index.put(new Article("hours", "Opening hours", "We are open 9 to 5 on weekdays.", "en", List.of()));
      TrendDetector detector = new TrendDetector(index, Duration.ofHours(24), 3);
      assertThat(ask(detector, "q1", "ann", "All my loyalty points disappeared from my account overnight", 0)).isEmpty();
      assertThat(ask(detector, "q2", "ann", "where did my reward points go? the balance shows 0", 1)).as("one customer twice").isEmpty();
      assertThat(ask(detector, "q3", "bob", "my points balance was reset to zero for no reason", 2)).isEmpty();
      assertThat(ask(detector, "q4", "cy", "Who won the football match last night?", 3)).as("noise").isEmpty();
      Optional<TrendDetector.Trend> trend = ask(detector, "q5", "dee", "I had 500 bonus points and now they're gone", 4);
      assertThat(trend).hasValueSatisfying(found -> {
        assertThat(found.customers()).isEqualTo(3);
        assertThat(found.articleId()).isNull();
        assertThat(found.examples()).extracting(TrendDetector.Question::customerId).containsExactly("ann", "bob", "dee");
      });
      assertThat(ask(detector, "q6", "eve", "my reward points are all gone", 5)).as("once per window").isEmpty();
      ask(detector, "q7", "fay", "my reward points vanished", 30);
      ask(detector, "q8", "gus", "the points in my account are gone", 31);
      assertThat(ask(detector, "q9", "hal", "all my loyalty points are gone", 32)).as("a new window, a new trend").isPresent();
    }
  }

  @Test
  void questionsAnArticleAnswersTrendAsThatArticle() {
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, new SentenceEmbedder())) {
      index.put(new Article("reset", "Resetting your password", "Forgot your password? Use 'Forgot password' on the login page to get"
          + " a reset link by e-mail.", "en", List.of()));
      index.put(new Article("hours", "Opening hours", "We are open 9 to 5 on weekdays.", "en", List.of()));
      TrendDetector detector = new TrendDetector(index, Duration.ofHours(24), 3);
      ask(detector, "q1", "ann", "I forgot my password, how do I reset it?", 0);
      ask(detector, "q2", "bob", "the password reset e-mail never arrives", 1);
      Optional<TrendDetector.Trend> trend = ask(detector, "q3", "cy", "how can I reset my password", 2);
      assertThat(trend).hasValueSatisfying(found -> {
        assertThat(found.articleId()).isEqualTo("reset");
        assertThat(found.title()).isEqualTo("Resetting your password");
      });
    }
  }

  private static Optional<TrendDetector.Trend> ask(TrendDetector detector, String id, String customer, String text, int hours) {
    return detector.observe(new TrendDetector.Question(id, customer, "c-" + customer, text, "en", T0.plus(Duration.ofHours(hours))));
  }
}
