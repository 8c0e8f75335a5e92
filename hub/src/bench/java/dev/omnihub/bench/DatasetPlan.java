package dev.omnihub.bench;

import dev.omnihub.hub.conversation.ConversationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntToLongFunction;

/**
 * The shape of the data set, drawn from a seeded random before any document exists: who wrote which
 * conversation, how many messages each has and when they came, which way each went, and where each
 * conversation stands now. Planning first lets a conversation document carry what the hub derives from
 * its messages (last preview, waiting since, first response) although it is written before them.
 *
 * <p>Customers, conversations and messages are numbered here; a conversation's messages are numbered
 * consecutively. The {@code ...ByTime} orders are the order the loader writes them in, so that ids (given
 * at write time, ObjectIds sort by creation) follow time, and a conversation's messages lie scattered
 * among everyone else's as they do when they arrive over a year.
 */
final class DatasetPlan {

  static final Duration HISTORY = Duration.ofDays(365);
  /** Share of conversations with 100-500 messages; the rest have 3-15, most of them few. */
  private static final double LONG_SHARE = 0.01;
  /** Open 20 %, pending 7 %, snoozed 3 %: a customer has at most one, their latest conversation. */
  private static final int ACTIVE_PERCENT = 30;
  private static final int ASSIGNED_PERCENT = 70;
  private static final int QUEUED_PERCENT = 40;
  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  /** Times are sorted as (millis since the history began, index) packed into one long. */
  private static final int INDEX_BITS = 28;

  final long seed;
  final int customers;
  final int conversations;
  final int messages;
  private final long nowMillis;
  private final int[] firstMessage;
  private final long[] messageAt;
  private final BitSet outbound;
  private final int[] customerOf;
  private final long[] customerCreatedAt;
  private final ConversationStatus[] status;
  /** When a conversation left {@code open} (resolved, pending, ...); 0 while it is open. */
  private final long[] statusChangedAt;
  private final int[] assignee;
  private final int[] queue;
  final int[] customersByTime;
  final int[] conversationsByTime;
  final int[] messagesByTime;

  /**
   * @param agents how many agents conversations may be assigned to (indexes 0 to agents - 1)
   * @param queues how many queues they may sit in
   */
  DatasetPlan(ScaleOptions options, int agents, int queues, Instant now) {
    if (options.messages() >= 1 << INDEX_BITS) {
      throw new IllegalArgumentException("at most " + ((1 << INDEX_BITS) - 1) + " messages");
    }
    SplittableRandom random = new SplittableRandom(options.seed());
    seed = options.seed();
    customers = options.customers();
    conversations = options.conversations();
    messages = options.messages();
    nowMillis = now.toEpochMilli();
    firstMessage = new int[conversations + 1];
    messageAt = new long[messages];
    outbound = new BitSet(messages);
    customerOf = new int[conversations];
    customerCreatedAt = new long[customers];
    status = new ConversationStatus[conversations];
    statusChangedAt = new long[conversations];
    assignee = new int[conversations];
    queue = new int[conversations];

    int[] counts = messageCounts(random);
    for (int c = 0; c < conversations; c++) {
      firstMessage[c + 1] = firstMessage[c] + counts[c];
      // Every customer writes at least once (when there are enough conversations); the rest spread at random.
      customerOf[c] = c < customers ? c : random.nextInt(customers);
      planTimes(c, random);
      planDirections(c, random);
      assignee[c] = random.nextInt(100) < ASSIGNED_PERCENT ? random.nextInt(agents) : -1;
      queue[c] = random.nextInt(100) < QUEUED_PERCENT ? random.nextInt(queues) : -1;
    }
    planStatuses(random);
    planCustomerTimes(random);
    customersByTime = byTime(customers, i -> customerCreatedAt[i]);
    conversationsByTime = byTime(conversations, this::createdAt);
    messagesByTime = byTime(messages, i -> messageAt[i]);
  }

  private int[] messageCounts(SplittableRandom random) {
    double[] weights = new double[conversations];
    double total = 0;
    for (int c = 0; c < conversations; c++) {
      double u = random.nextDouble();
      weights[c] = random.nextDouble() < LONG_SHARE ? 100 + 400 * u : 3 + 12 * u * u;
      total += weights[c];
    }
    int[] counts = new int[conversations];
    long sum = 0;
    for (int c = 0; c < conversations; c++) {
      counts[c] = Math.max(1, (int) (weights[c] * messages / total));
      sum += counts[c];
    }
    // Rounding leaves the total a little off; spread the difference over random conversations.
    for (; sum < messages; sum++) {
      counts[random.nextInt(conversations)]++;
    }
    while (sum > messages) {
      int c = random.nextInt(conversations);
      if (counts[c] > 1) {
        counts[c]--;
        sum--;
      }
    }
    return counts;
  }

  /** A burst of chat, replies later that day, now and then days later; the whole span inside the history. */
  private void planTimes(int c, SplittableRandom random) {
    int first = firstMessage[c];
    int last = firstMessage[c + 1] - 1;
    long offset = 0;
    for (int m = first; m <= last; m++) {
      messageAt[m] = offset;
      double u = random.nextDouble();
      offset += u < 0.70 ? 20_000 + random.nextLong(5 * MINUTE)
          : u < 0.95 ? 5 * MINUTE + random.nextLong(3 * HOUR) : 3 * HOUR + random.nextLong(3 * DAY);
    }
    long span = messageAt[last];
    long maxSpan = HISTORY.toMillis() / 2;
    double squeeze = span > maxSpan ? (double) maxSpan / span : 1;
    long start = nowMillis - HISTORY.toMillis() + random.nextLong(HISTORY.toMillis() - (long) (span * squeeze) - HOUR);
    for (int m = first; m <= last; m++) {
      messageAt[m] = start + (long) (messageAt[m] * squeeze);
    }
  }

  /** Customers open; agents mostly answer a customer's message and sometimes follow up on their own. */
  private void planDirections(int c, SplittableRandom random) {
    for (int m = firstMessage[c] + 1; m < firstMessage[c + 1]; m++) {
      outbound.set(m, random.nextInt(100) < (outbound.get(m - 1) ? 15 : 60));
    }
  }

  /**
   * Only a customer's latest conversation may still be active (the hub's one default thread per
   * customer); a random share of them are, everything older is resolved or closed.
   */
  private void planStatuses(SplittableRandom random) {
    int[] latest = new int[customers];
    Arrays.fill(latest, -1);
    for (int c = 0; c < conversations; c++) {
      int owner = customerOf[c];
      if (latest[owner] < 0 || createdAt(c) > createdAt(latest[owner])) {
        latest[owner] = c;
      }
    }
    int[] candidates = Arrays.stream(latest).filter(c -> c >= 0).toArray();
    for (int i = candidates.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = candidates[i];
      candidates[i] = candidates[j];
      candidates[j] = swap;
    }
    int active = Math.min(candidates.length, (int) Math.round(conversations * ACTIVE_PERCENT / 100.0));
    for (int i = 0; i < active; i++) {
      int draw = random.nextInt(ACTIVE_PERCENT);
      status[candidates[i]] = draw < 20 ? ConversationStatus.OPEN : draw < 27 ? ConversationStatus.PENDING : ConversationStatus.SNOOZED;
    }
    for (int c = 0; c < conversations; c++) {
      if (status[c] == null) {
        status[c] = random.nextInt(7) < 6 ? ConversationStatus.RESOLVED : ConversationStatus.CLOSED;
      }
      int last = firstMessage[c + 1] - 1;
      // An open conversation waits for the business, a pending one for the customer.
      if (status[c] == ConversationStatus.OPEN) {
        outbound.clear(last);
      } else if (status[c] == ConversationStatus.PENDING && last > firstMessage[c]) {
        outbound.set(last);
      }
      if (status[c] != ConversationStatus.OPEN) {
        statusChangedAt[c] = Math.min(nowMillis, lastMessageAt(c) + MINUTE + random.nextLong(2 * HOUR));
      }
    }
  }

  /** A customer exists from their first message on; one who never wrote was created some time in the history. */
  private void planCustomerTimes(SplittableRandom random) {
    Arrays.fill(customerCreatedAt, Long.MAX_VALUE);
    for (int c = 0; c < conversations; c++) {
      customerCreatedAt[customerOf[c]] = Math.min(customerCreatedAt[customerOf[c]], createdAt(c));
    }
    for (int i = 0; i < customers; i++) {
      if (customerCreatedAt[i] == Long.MAX_VALUE) {
        customerCreatedAt[i] = nowMillis - random.nextLong(HISTORY.toMillis());
      }
    }
  }

  /** The numbers 0 to count - 1 ordered by their time (ties by number). */
  private int[] byTime(int count, IntToLongFunction timeOf) {
    long origin = nowMillis - HISTORY.toMillis() - DAY;
    long[] keys = new long[count];
    for (int i = 0; i < count; i++) {
      keys[i] = (timeOf.applyAsLong(i) - origin) << INDEX_BITS | i;
    }
    Arrays.sort(keys);
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = (int) (keys[i] & ((1L << INDEX_BITS) - 1));
    }
    return order;
  }

  /** How messages spread over conversations and how conversations stand, to print next to the figures. */
  String summary() {
    int[] counts = new int[conversations];
    int[] byStatus = new int[ConversationStatus.values().length];
    for (int c = 0; c < conversations; c++) {
      counts[c] = messageCount(c);
      byStatus[status[c].ordinal()]++;
    }
    Arrays.sort(counts);
    StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
        "messages per conversation: median %d, 90th percentile %d, 99th %d, max %d; %,d with more than %d (one page);",
        counts[conversations / 2], counts[conversations * 9 / 10], counts[conversations * 99 / 100], counts[conversations - 1],
        Arrays.stream(counts).filter(n -> n > LoadedDataset.PAGE_SIZE).count(), LoadedDataset.PAGE_SIZE));
    for (ConversationStatus s : ConversationStatus.values()) {
      summary.append(String.format(Locale.ROOT, " %s %.1f %%", s.wireName(), 100.0 * byStatus[s.ordinal()] / conversations));
    }
    return summary.toString();
  }

  int firstMessage(int conversation) {
    return firstMessage[conversation];
  }

  int messageCount(int conversation) {
    return firstMessage[conversation + 1] - firstMessage[conversation];
  }

  /** The conversation a message belongs to (its messages are numbered consecutively). */
  int conversationOf(int message) {
    int found = Arrays.binarySearch(firstMessage, message);
    return found >= 0 ? found : -found - 2;
  }

  long messageAt(int message) {
    return messageAt[message];
  }

  boolean outbound(int message) {
    return outbound.get(message);
  }

  int customerOf(int conversation) {
    return customerOf[conversation];
  }

  long customerCreatedAt(int customer) {
    return customerCreatedAt[customer];
  }

  ConversationStatus status(int conversation) {
    return status[conversation];
  }

  /** When it was resolved, closed, set pending or snoozed; 0 for an open one. */
  long statusChangedAt(int conversation) {
    return statusChangedAt[conversation];
  }

  /** The agent index it is assigned to, or -1. */
  int assignee(int conversation) {
    return assignee[conversation];
  }

  /** The queue index it sits in, or -1. */
  int queue(int conversation) {
    return queue[conversation];
  }

  long createdAt(int conversation) {
    return messageAt[firstMessage[conversation]];
  }

  long lastMessageAt(int conversation) {
    return messageAt[firstMessage[conversation + 1] - 1];
  }

  long now() {
    return nowMillis;
  }
}
