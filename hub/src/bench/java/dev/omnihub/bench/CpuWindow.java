package dev.omnihub.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The CPU this process and the whole machine used from construction until {@link #toString}: when the
 * machine was much busier than the process, something else (a build, another benchmark) competed for
 * the cores and the figures of that stretch are not the hub's alone.
 */
final class CpuWindow {

  private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final long startNanos = System.nanoTime();
  private final long startCpuNanos = OS.getProcessCpuTime();

  CpuWindow() {
    // On Linux the JDK averages the machine's load since the previous call: this one starts the window's.
    OS.getCpuLoad();
  }

  @Override
  public String toString() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return String.format(Locale.ROOT, "cpu %.2f cores (machine %.2f)", (OS.getProcessCpuTime() - startCpuNanos) / 1e9 / seconds,
        OS.getCpuLoad() * OS.getAvailableProcessors());
  }
}
