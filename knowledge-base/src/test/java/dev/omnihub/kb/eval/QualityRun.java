package dev.omnihub.kb.eval;

import dev.omnihub.kb.KnowledgeIndex;
import dev.omnihub.kb.SearchScope;
import dev.omnihub.kb.Suggestion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scope's results over an evaluation set, as the product asks for them: recall per language,
 * per kind of message, how often it keeps quiet on off-topic messages, and how its first result's
 * score matches being right. Shared by {@link RetrievalQualityBench} (which prints it) and the
 * quality tests (which assert floors).
 */
public final class QualityRun {

  private final RankingScores english = new RankingScores();
  private final RankingScores chinese = new RankingScores();
  private final Map<String, RankingScores> byKind = new LinkedHashMap<>();
  private final Calibration calibration = new Calibration();
  private final List<String> spoken = new ArrayList<>();
  private int offTopic;
  private int silent;
  private long nanos;
  private int searches;

  /** Searches every message of the set in the index with a scope and a limit. */
  public static QualityRun of(KnowledgeIndex index, EvaluationSet set, SearchScope scope, int limit) {
    QualityRun run = new QualityRun();
    for (EvaluationSet.Question question : set.questions()) {
      long start = System.nanoTime();
      List<Suggestion> hits = index.search(question.text(), question.locale(), limit, scope);
      run.nanos += System.nanoTime() - start;
      run.searches++;
      run.add(question, hits);
    }
    return run;
  }

  private void add(EvaluationSet.Question question, List<Suggestion> hits) {
    if (hits.isEmpty()) {
      calibration.addEmpty();
    } else {
      calibration.add(hits.getFirst().score(), hits.getFirst().id().equals(question.expected()));
    }
    if (question.offTopic()) {
      offTopic++;
      if (hits.isEmpty()) {
        silent++;
      } else {
        spoken.add(question.text() + " -> " + hits.getFirst().id() + String.format(java.util.Locale.ROOT, " %.2f", hits.getFirst().score()));
      }
      return;
    }
    List<String> ranked = hits.stream().map(Suggestion::id).toList();
    (isChinese(question) ? chinese : english).add(ranked, question.expected());
    byKind.computeIfAbsent(question.kind(), kind -> new RankingScores()).add(ranked, question.expected());
  }

  private static boolean isChinese(EvaluationSet.Question question) {
    return "zh".equals(question.locale());
  }

  public RankingScores english() {
    return english;
  }

  public RankingScores chinese() {
    return chinese;
  }

  public Map<String, RankingScores> byKind() {
    return byKind;
  }

  public Calibration calibration() {
    return calibration;
  }

  /** Off-topic messages answered with nothing, of all off-topic messages; 1 when the set has none. */
  public double silenceRate() {
    return offTopic == 0 ? 1 : (double) silent / offTopic;
  }

  public int offTopicCount() {
    return offTopic;
  }

  /** The off-topic messages that got an answer, with the first one and its score. */
  public List<String> spoken() {
    return spoken;
  }

  public double meanMillis() {
    return searches == 0 ? 0 : nanos / 1e6 / searches;
  }
}
