package dev.omnihub.kb.eval;

import dev.omnihub.kb.KnowledgeIndex;
import dev.omnihub.kb.SentenceEmbedder;
import dev.omnihub.kb.TrendDetector;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the trend detector over generated days ({@link TrendingScenario}) and prints precision and
 * recall of its alerts. Run: {@code ./omnihub bench --kb-trending}.
 */
public final class TrendingBench {

  public static void main(String[] args) throws Exception {
    EvaluationSet set = EvaluationSet.load();
    SentenceEmbedder embedder = new SentenceEmbedder().warmUp();
    int runs = 5;
    int trends = 0;
    int correct = 0;
    int shouldTrend = 0;
    int found = 0;
    for (long seed = 1; seed <= runs; seed++) {
      TrendingScenario scenario = TrendingScenario.generate(set, seed);
      List<TrendDetector.Trend> raised = new ArrayList<>();
      try (KnowledgeIndex index = KnowledgeIndex.open(Files.createTempDirectory("kb-trending"), embedder)) {
        set.articles().forEach(article -> index.put(article, 1, true));
        index.commit();
        TrendDetector detector = new TrendDetector(index, TrendingScenario.WINDOW, 3);
        long started = System.nanoTime();
        for (TrendDetector.Question question : scenario.questions()) {
          detector.observe(question).ifPresent(raised::add);
        }
        TrendingScenario.Score score = scenario.score(raised);
        System.out.printf("day %d: %d questions in %.0f ms, %d alerts: precision %.2f, recall %.2f%n", seed, scenario.questions().size(),
            (System.nanoTime() - started) / 1e6, score.trends(), score.precision(), score.recall());
        score.falseAlarms().forEach(alarm -> System.out.println("  false alarm: " + alarm));
        score.missed().forEach(group -> System.out.println("  missed: " + group));
        trends += score.trends();
        correct += score.correct();
        shouldTrend += score.shouldTrend();
        found += score.found();
      }
    }
    System.out.printf("%nover %d days: %d alerts, precision %.2f, recall %.2f (%d of %d trending problems)%n", runs, trends,
        trends == 0 ? 1.0 : (double) correct / trends, (double) found / shouldTrend, found, shouldTrend);
  }

  private TrendingBench() {
  }
}
