package dev.omnihub.kb.eval;

import java.util.List;

/** Recall@k and mean reciprocal rank of ranked answers against the expected article. */
public final class RankingScores {

  private int questions;
  private int hitsAt1;
  private int hitsAt3;
  private double reciprocalRanks;

  /** Adds one question's ranking (best first). */
  public void add(List<String> ranked, String expected) {
    questions++;
    int rank = ranked.indexOf(expected);
    if (rank == 0) {
      hitsAt1++;
    }
    if (rank >= 0 && rank < 3) {
      hitsAt3++;
    }
    if (rank >= 0 && rank < 10) {
      reciprocalRanks += 1.0 / (rank + 1);
    }
  }

  public int questions() {
    return questions;
  }

  public double recallAt1() {
    return questions == 0 ? 0 : (double) hitsAt1 / questions;
  }

  public double recallAt3() {
    return questions == 0 ? 0 : (double) hitsAt3 / questions;
  }

  /** MRR over the first ten answers. */
  public double meanReciprocalRank() {
    return questions == 0 ? 0 : reciprocalRanks / questions;
  }
}
