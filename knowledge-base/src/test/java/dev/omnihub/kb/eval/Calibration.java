package dev.omnihub.kb.eval;

import java.util.Locale;

/**
 * How well a first result's score says whether it is right: the first results of many searches
 * (off-topic ones count as wrong) grouped by score, each group's share of right answers beside its mean
 * score. A score that means confidence has the two close; the expected calibration error is their
 * distance, averaged over all searches.
 */
public final class Calibration {

  private static final double[] EDGES = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001};
  private final int[] count = new int[EDGES.length - 1];
  private final int[] right = new int[EDGES.length - 1];
  private final double[] scoreSum = new double[EDGES.length - 1];
  private int empty;

  /** One search's first result: its score, and whether it was the expected article. */
  public void add(double score, boolean correct) {
    int bucket = count.length - 1;
    for (int i = 0; i < count.length; i++) {
      if (score < EDGES[i + 1]) {
        bucket = i;
        break;
      }
    }
    count[bucket]++;
    scoreSum[bucket] += score;
    if (correct) {
      right[bucket]++;
    }
  }

  /** A search that returned nothing. */
  public void addEmpty() {
    empty++;
  }

  /** Mean distance between score and share of right answers, weighted by searches. */
  public double expectedCalibrationError() {
    int total = 0;
    double error = 0;
    for (int i = 0; i < count.length; i++) {
      if (count[i] > 0) {
        total += count[i];
        error += Math.abs(scoreSum[i] / count[i] - (double) right[i] / count[i]) * count[i];
      }
    }
    return total == 0 ? 0 : error / total;
  }

  /** One line per non-empty group: "0.60-0.70: 23 searches, mean score 0.65, right 0.70". */
  public String table() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count.length; i++) {
      if (count[i] > 0) {
        out.append(String.format(Locale.ROOT, "    %.1f-%.1f: %3d first results, mean score %.2f, right %.2f%n", EDGES[i],
            Math.min(1.0, EDGES[i + 1]), count[i], scoreSum[i] / count[i], (double) right[i] / count[i]));
      }
    }
    out.append(String.format(Locale.ROOT, "    empty: %d; expected calibration error %.3f%n", empty, expectedCalibrationError()));
    return out.toString();
  }
}
