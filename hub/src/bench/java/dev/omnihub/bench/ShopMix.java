package dev.omnihub.bench;

import java.util.SplittableRandom;

/**
 * Who writes each message of a small shop's mix: half of the customers write one message, a quarter
 * two, and the last quarter share the rest, at least three each, a few of them many (exponentially
 * distributed weights). The messages are shuffled, so a customer's second message comes at any later
 * time. A function of the seed: two runs with the same options post the same messages.
 */
final class ShopMix {

  private final int[] senders;

  ShopMix(int customers, int messages, long seed) {
    if (messages < minimumMessages(customers)) {
      throw new IllegalArgumentException(messages + " messages are too few for " + customers + " customers");
    }
    SplittableRandom random = new SplittableRandom(seed);
    int[] counts = new int[customers];
    int ones = customers / 2;
    int twos = customers / 4;
    int many = customers - ones - twos;
    for (int c = 0; c < customers; c++) {
      counts[c] = c < ones ? 1 : c < ones + twos ? 2 : 3;
    }
    // What is left after everyone's minimum goes to the last quarter by exponential weights.
    int left = messages - ones - 2 * twos - 3 * many;
    double[] weights = new double[many];
    double total = 0;
    for (int i = 0; i < many; i++) {
      weights[i] = -Math.log(1 - random.nextDouble());
      total += weights[i];
    }
    int given = 0;
    for (int i = 0; i < many; i++) {
      int extra = (int) Math.floor(left * weights[i] / total);
      counts[ones + twos + i] += extra;
      given += extra;
    }
    for (int i = 0; given < left; i = (i + 1) % many, given++) {
      counts[ones + twos + i]++;
    }
    senders = new int[messages];
    int next = 0;
    for (int c = 0; c < customers; c++) {
      for (int k = 0; k < counts[c]; k++) {
        senders[next++] = c;
      }
    }
    for (int i = senders.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = senders[i];
      senders[i] = senders[j];
      senders[j] = swap;
    }
  }

  static int minimumMessages(int customers) {
    int ones = customers / 2;
    int twos = customers / 4;
    return ones + 2 * twos + 3 * (customers - ones - twos);
  }

  int messages() {
    return senders.length;
  }

  /** The customer (0 to customers - 1) who writes message {@code message}. */
  int sender(int message) {
    return senders[message];
  }
}
