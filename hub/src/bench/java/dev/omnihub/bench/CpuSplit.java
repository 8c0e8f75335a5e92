package dev.omnihub.bench;

import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

/**
 * CPU milliseconds the cluster bench's processes used between two readings: each node's, the store's,
 * the bench's own (its writers and sockets share the machine) and the whole machine's, which also counts
 * whatever else ran (a build, tests): its excess over the others is CPU the bench's processes did not get.
 *
 * @param jit what the nodes' and the store's JIT compiler threads used of it (a cost of warming up, not of messages)
 */
record CpuSplit(long[] nodes, long store, long driver, long machine, long jit) {

  /** One reading: the nodes' CPU so far, then the store's, this process's, the machine's and the served processes' compilers'. */
  static long[] read(List<Long> nodePids, long storePid) {
    LongStream processes = LongStream.concat(nodePids.stream().mapToLong(ProcessCpu::millis), LongStream.of(ProcessCpu.millis(storePid)));
    long jit = LongStream.concat(nodePids.stream().mapToLong(Long::longValue), LongStream.of(storePid)).map(ProcessCpu::compilerMillis).sum();
    return LongStream.concat(processes, LongStream.of(ProcessCpu.millis(ProcessHandle.current().pid()), ProcessCpu.machineBusyMillis(), jit))
        .toArray();
  }

  static CpuSplit between(long[] before, long[] after) {
    int nodes = before.length - 4;
    long[] used = new long[before.length];
    Arrays.setAll(used, i -> after[i] - before[i]);
    return new CpuSplit(Arrays.copyOf(used, nodes), used[nodes], used[nodes + 1], used[nodes + 2], used[nodes + 3]);
  }

  /** The nodes' and the store's: what serving cost, the bench's own share left out. */
  long served() {
    return Arrays.stream(nodes).sum() + store;
  }

  long busiestNode() {
    return Arrays.stream(nodes).max().orElse(0);
  }

  /** The machine's busy time that none of the bench's processes used. */
  long others() {
    return Math.max(0, machine - served() - driver);
  }
}
