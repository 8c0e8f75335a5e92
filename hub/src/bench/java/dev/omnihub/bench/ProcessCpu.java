package dev.omnihub.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * CPU time from Linux's {@code /proc}: a process's (user + system, all its threads), which reads other
 * processes too (hub nodes, the store) where the JVM's MXBeans see only this one, and the whole
 * machine's. The counters are in clock ticks (USER_HZ, {@code getconf CLK_TCK}: 100 on Linux, so 10 ms
 * resolution), fine for windows of seconds.
 */
final class ProcessCpu {

  /** USER_HZ: fixed at 100 in the kernel's ABI on every common architecture. */
  private static final long TICKS_PER_SECOND = 100;
  /** utime and stime are fields 14 and 15; counted from the state (field 3), which follows the name's ')'. */
  private static final int UTIME = 14 - 3;
  private static final int STIME = 15 - 3;
  /** In {@code /proc/stat}'s "cpu" line, after the label: user nice system idle iowait irq softirq steal ... */
  private static final int IDLE = 3;
  private static final int IOWAIT = 4;
  private static final int STEAL = 7;

  private ProcessCpu() {
  }

  /** CPU milliseconds {@code pid} used so far. */
  static long millis(long pid) {
    return toMillis(cpuTicks(read(Path.of("/proc", Long.toString(pid), "stat"))));
  }

  /** User and system ticks from a process's or a thread's {@code stat} line. */
  private static long cpuTicks(String stat) {
    // The name (field 2) is in parentheses and may hold spaces and ')' itself: split after the last one.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[UTIME]) + Long.parseLong(fields[STIME]);
  }

  /**
   * CPU milliseconds the JIT compiler threads of {@code pid} used so far ({@code C1 CompilerThread*},
   * {@code C2 CompilerThread*}; Linux keeps 15 characters of a thread's name). A JVM whose compilers are
   * still busy is not warm yet: three on two cores took four to five minutes of load to settle.
   */
  static long compilerMillis(long pid) {
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    long ticks = 0;
    try (java.util.stream.Stream<Path> threads = Files.list(tasks)) {
      for (Path thread : threads.toList()) {
        String stat;
        try {
          stat = Files.readString(thread.resolve("stat"));
        } catch (IOException gone) {
          continue; // the thread ended since the listing
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
          ticks += cpuTicks(stat);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + tasks + " (process gone, or not Linux?)", e);
    }
    return toMillis(ticks);
  }

  /** CPU milliseconds all cores spent busy so far (not idle, not waiting for I/O), whatever ran. */
  static long machineBusyMillis() {
    String cpuLine = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow();
    long[] ticks = Arrays.stream(cpuLine.substring("cpu".length()).trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
    // Up to softirq: steal is another guest's time, and guest time is counted in user time already.
    long busy = 0;
    for (int i = 0; i < STEAL; i++) {
      if (i != IDLE && i != IOWAIT) {
        busy += ticks[i];
      }
    }
    return toMillis(busy);
  }

  private static long toMillis(long ticks) {
    return ticks * 1000 / TICKS_PER_SECOND;
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + " (process gone, or not Linux?)", e);
    }
  }
}
