package dev.omnihub.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What one cluster bench run measured. The window's figures count the messages acknowledged inside it;
 * the delivery check covers every message acknowledged in the run, warm-up included.
 *
 * @param sameNodeNanos   send start to arrival on the socket of the node the message was posted to, sorted
 * @param otherNodeNanos  send start to arrival on the sockets of the other nodes, sorted (empty on one node)
 * @param nodeCpuMillis   each node process's CPU over the window
 * @param driverCpuMillis this process's (the writers' and the sockets'), which shares the machine with the nodes
 * @param missing         per socket, acknowledged messages that never arrived (after the drain wait)
 * @param duplicates      per socket, bench messages that arrived more than once
 * @param unacknowledged  per socket, bench messages that arrived but whose send failed (stored, answer lost)
 * @param complaints      error lines the node and store processes printed
 */
record ClusterResult(int nodes, double seconds, long windowAcknowledged, long errors, Map<String, Long> failures,
    long[] sameNodeNanos, long[] otherNodeNanos, long[] nodeCpuMillis, long storeCpuMillis, long driverCpuMillis,
    long machineBusyMillis, long acknowledged, long[] missing, long[] duplicates, long[] unacknowledged, List<String> complaints) {

  double perSecond() {
    return windowAcknowledged / seconds;
  }

  /** CPU milliseconds per message acknowledged in the window. */
  double perMessage(long cpuMillis) {
    return windowAcknowledged == 0 ? Double.NaN : (double) cpuMillis / windowAcknowledged;
  }

  /** The nodes' and the store's CPU per acknowledged message: what serving it cost, the bench's own share left out. */
  double totalPerMessage() {
    return perMessage(Arrays.stream(nodeCpuMillis).sum() + storeCpuMillis);
  }

  /** The busiest node's CPU per message: with a machine per node, the node that runs out of cores first. */
  double busiestNodePerMessage() {
    return perMessage(Arrays.stream(nodeCpuMillis).max().orElse(0));
  }

  double machineCores() {
    return machineBusyMillis / 1e3 / seconds;
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
