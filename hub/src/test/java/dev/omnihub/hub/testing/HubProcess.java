package dev.omnihub.hub.testing;

import java.io.BufferedReader;
import java.io.IOException;
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
 * A hub in its own JVM, so that tests can kill it with SIGKILL or stop it with SIGTERM like an
 * operator would. Started from the test classpath, or from the packaged jar.
 */
public final class HubProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("OmniHub listening http=(?<port>\\d+) smtp=(?<smtp>-?\\d+)");

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final Thread drainer;
  private volatile int port = -1;
  private volatile int smtpPort = -1;

  private HubProcess(Process process) {
    this.process = process;
    this.drainer = Thread.ofPlatform().daemon().name("hub-output").start(this::drain);
  }

  /** Runs {@code HubMain} from this JVM's classpath. */
  public static HubProcess fromClasspath(Path dataDir, Map<String, String> env) {
    return fromClasspath(dataDir, env, "-Xmx512m");
  }

  /** Runs {@code HubMain} from this JVM's classpath with the given JVM options ({@code -Xmx1g}, a collector). */
  public static HubProcess fromClasspath(Path dataDir, Map<String, String> env, String... jvmOptions) {
    String java = javaBinary();
    List<String> command = new java.util.ArrayList<>(List.of(java));
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.omnihub.hub.HubMain"));
    return start(command, dataDir, env);
  }


  /** The hub's process id (for {@code jcmd}). */
  public long pid() {
    return process.pid();
  }

  /** Runs the packaged jar with {@code java -jar}. */
  public static HubProcess fromJar(Path jar, Path dataDir, Map<String, String> env) {
    String java = javaBinary();
    return start(List.of(java, "-Xmx512m", "-jar", jar.toString()), dataDir, env);
  }

  private static HubProcess start(List<String> command, Path dataDir, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(dataDir.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("OMNIHUB_") || key.startsWith("STORE_") || key.startsWith("CLUSTER_")
        || key.equals("MONGO_URI") || key.equals("HTTP_PORT") || key.equals("SMTP_PORT") || key.equals("NODE_ID"));
    builder.environment().put("DATA_DIR", dataDir.toString());
    builder.environment().put("HTTP_PORT", "0");
    builder.environment().put("SMTP_PORT", "0");
    builder.environment().put("OMNIHUB_ADMIN_EMAIL", TestHub.ADMIN_EMAIL);
    builder.environment().put("OMNIHUB_ADMIN_PASSWORD", TestHub.ADMIN_PASSWORD);
    applyEnvironment(builder, env);
    try {
      return new HubProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds {@code env} to the process's environment; a {@code null} value unsets the variable (no admin password configured, say). */
  static void applyEnvironment(ProcessBuilder builder, Map<String, String> env) {
    env.forEach((name, value) -> {
      if (value == null) {
        builder.environment().remove(name);
      } else {
        builder.environment().put(name, value);
      }
    });
  }

  /** The java binary of the JVM running the tests. */
  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private void drain() {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        output.add(line);
        Matcher matcher = LISTENING.matcher(line);
        if (matcher.find()) {
          smtpPort = Integer.parseInt(matcher.group("smtp"));
          port = Integer.parseInt(matcher.group("port"));
        }
      }
    } catch (IOException ignored) {
      // the process went away
    }
  }

  /** Waits for the ready line and returns the HTTP port. */
  public int awaitListening(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (port < 0) {
      if (!process.isAlive()) {
        throw new AssertionError("hub exited with " + process.exitValue() + " before listening:\n" + String.join("\n", output));
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("hub did not print its listening line in " + timeout + ":\n" + String.join("\n", output));
      }
      sleep(50);
    }
    return port;
  }

  /** The inbound SMTP port from the ready line (-1 when off); valid after {@link #awaitListening}. */
  public int smtpPort() {
    return smtpPort;
  }

  public HubClient client() {
    return new HubClient("http://127.0.0.1:" + port);
  }

  /** SIGSTOP: the process stands still (no thread runs, no socket is answered) until {@link #resumeRunning}. */
  public void pause() {
    signal("STOP");
  }

  /** SIGCONT after {@link #pause}. */
  public void resumeRunning() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Whether the process still runs (or stands still after {@link #pause}). */
  public boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no final commit. */
  public void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(30));
  }

  /** SIGTERM, then waits; returns the exit code. */
  public int terminate(Duration timeout) {
    // Through the handle: Process.destroy() would also close our end of the output pipe, losing
    // what the hub prints while it shuts down.
    process.toHandle().destroy();
    return waitFor(timeout);
  }

  /** Waits for the process to end by itself; returns the exit code. */
  public int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("hub did not exit within " + timeout + ":\n" + String.join("\n", output));
      }
      drainer.join(TimeUnit.SECONDS.toMillis(5)); // so output() holds the last lines
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public List<String> output() {
    return new ArrayList<>(output);
  }

  private static final Pattern LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ");

  /**
   * Unhandled exceptions the hub's event loops reported whose stack passes through OmniHub's own code,
   * each with its stack; except Vert.x 5.0's clustered publish completing a promise twice while a dead
   * peer is still listed (reported from inside the publish or from the connection's event loop; see
   * architecture.md, "Several nodes"), which the hub cannot catch.
   */
  public List<String> unhandledInOwnCode() {
    List<String> lines = output();
    List<String> found = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).contains("Unhandled exception")) {
        continue;
      }
      StringBuilder trace = new StringBuilder(lines.get(i));
      boolean own = false;
      for (int j = i + 1; j < lines.size() && !LOG_LINE.matcher(lines.get(j)).lookingAt(); j++) {
        trace.append('\n').append(lines.get(j));
        own |= lines.get(j).contains("dev.omnihub.");
      }
      if (own && !trace.toString().contains("ClusteredEventBus.sendToNodes")) {
        found.add(trace.toString());
      }
    }
    return found;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
