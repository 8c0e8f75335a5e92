package dev.omnihub.hub.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code omnihub store} in its own JVM (started from this JVM's classpath as {@code HubMain store}),
 * so that tests can kill it with SIGKILL. It listens on a free port ({@code STORE_PORT=0}); the port
 * is read from its ready line. Standard output and standard error are kept apart.
 */
public final class StoreProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("OmniHub store listening port=(\\d+)");

  private final Process process;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private final List<Thread> drainers;
  private volatile int port = -1;

  private StoreProcess(Process process) {
    this.process = process;
    this.drainers = List.of(
        Thread.ofPlatform().daemon().name("store-stdout").start(() -> drain(process.getInputStream(), stdout)),
        Thread.ofPlatform().daemon().name("store-stderr").start(() -> drain(process.getErrorStream(), stderr)));
  }

  /**
   * Starts {@code omnihub store} on {@code dataDir}.
   *
   * @param env added to the environment; a {@code null} value unsets the variable ({@code STORE_PASSWORD}, say)
   */
  public static StoreProcess start(Path dataDir, Map<String, String> env) {
    String java = HubProcess.javaBinary();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        "dev.omnihub.hub.HubMain", "store").directory(dataDir.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("STORE_") || key.startsWith("OMNIHUB_") || key.equals("MONGO_URI"));
    builder.environment().put("DATA_DIR", dataDir.toString());
    builder.environment().put("STORE_PORT", "0");
    HubProcess.applyEnvironment(builder, env);
    try {
      return new StoreProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void drain(InputStream stream, List<String> lines) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
        Matcher matcher = LISTENING.matcher(line);
        if (matcher.find()) {
          port = Integer.parseInt(matcher.group(1));
        }
      }
    } catch (IOException ignored) {
      // the process went away
    }
  }

  /** Waits for the ready line and returns the port it names. */
  public int awaitListening(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (port < 0) {
      if (!process.isAlive()) {
        throw new AssertionError("store exited with " + process.exitValue() + " before listening:\n" + output());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("store did not print its listening line in " + timeout + ":\n" + output());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return port;
  }

  /** The {@code MONGO_URI} a node uses with this store (API.md, "Several nodes"); valid after {@link #awaitListening}. */
  public String mongoUri(String password) {
    String encoded = java.net.URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20");
    return "mongodb://omnihub:" + encoded + "@127.0.0.1:" + port + "/omnihub";
  }

  /** The store's process id (for its CPU time in {@code /proc}, or {@code jcmd}). */
  public long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook, no final commit; returns the exit code. */
  public int kill() {
    process.destroyForcibly();
    return waitFor(Duration.ofSeconds(30));
  }

  /** Waits for the process to end by itself; returns the exit code. */
  public int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("store did not exit within " + timeout + ":\n" + output());
      }
      for (Thread drainer : drainers) {
        drainer.join(TimeUnit.SECONDS.toMillis(5)); // so stdout() and stderr() hold the last lines
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public List<String> stdout() {
    return new ArrayList<>(stdout);
  }

  public List<String> stderr() {
    return new ArrayList<>(stderr);
  }

  private String output() {
    return "stdout:\n" + String.join("\n", stdout) + "\nstderr:\n" + String.join("\n", stderr);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
