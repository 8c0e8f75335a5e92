package dev.omnihub.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What one cluster bench run measured. The window's figures count the messages acknowledged inside it;
 * the delivery check covers every message acknowledged in the run, warm-up included.
 *
 * @param warmup         how long the load ran before the window, until the processes' JIT compilers settled
 * @param sameNodeNanos  send start to arrival on the socket of the node the message was posted to, sorted
 * @param otherNodeNanos send start to arrival on the sockets of the other nodes, sorted (empty on one node)
 * @param cpu            over the window
 * @param idle           over {@code idleSeconds} after the drain, warm and with no load: the cost of time, not of messages
 * @param missing        per socket, acknowledged messages that never arrived (after the drain wait)
 * @param duplicates     per socket, bench messages that arrived more than once
 * @param unacknowledged per socket, bench messages that arrived but whose send failed (stored, answer lost)
 * @param framesPerMessage frames of any type a socket got per bench message it got, over the run
 * @param mergedFromBus  other nodes' entries the nodes merged from the bus news over the run; {@code mergedFromStore} from store reads
 * @param news           bus news the nodes published after writing over the run; {@code answers} those telling a writer their horizon
 * @param complaints     warning and error lines the node and store processes printed
 */
record ClusterResult(int nodes, ClusterRun.Warmup warmup, double seconds, long windowAcknowledged, long errors, Map<String, Long> failures,
    long[] sameNodeNanos, long[] otherNodeNanos, CpuSplit cpu, CpuSplit idle, double idleSeconds, long acknowledged, long[] missing,
    long[] duplicates, long[] unacknowledged, double framesPerMessage, long mergedFromBus, long mergedFromStore, long news, long answers,
    List<String> complaints) {

  double perSecond() {
    return windowAcknowledged / seconds;
  }

  /** CPU milliseconds per message acknowledged in the window. */
  double perMessage(long cpuMillis) {
    return windowAcknowledged == 0 ? Double.NaN : (double) cpuMillis / windowAcknowledged;
  }

  /** Cores busy on average over the window. */
  double cores(long cpuMillis) {
    return cpuMillis / 1e3 / seconds;
  }

  long missingTotal() {
    return Arrays.stream(missing).sum();
  }

  long duplicatesTotal() {
    return Arrays.stream(duplicates).sum();
  }

  /** Every acknowledged message arrived exactly once on every socket. */
  boolean exactlyOnce() {
    return missingTotal() == 0 && duplicatesTotal() == 0;
  }
}
