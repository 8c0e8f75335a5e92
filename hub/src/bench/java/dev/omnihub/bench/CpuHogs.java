package dev.omnihub.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Busy-loop processes beside the benchmark, as other work on the same machine would be (a build, another
 * service): each is a shell spinning in an empty loop at normal priority. Stopped on close, and by a
 * shutdown hook if the bench is interrupted.
 */
final class CpuHogs implements AutoCloseable {

  private final List<Process> processes = new ArrayList<>();
  private final Thread hook = new Thread(this::stop, "cpu-hogs-stop");

  CpuHogs(int count) throws IOException {
    Runtime.getRuntime().addShutdownHook(hook);
    for (int i = 0; i < count; i++) {
      processes.add(new ProcessBuilder("/bin/sh", "-c", "while :; do :; done").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }
  }

  int count() {
    return processes.size();
  }

  private void stop() {
    for (Process process : processes) {
      process.destroyForcibly();
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook stops them
    }
  }
}
