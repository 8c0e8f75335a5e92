package dev.omnihub.hub.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * What the browser tests need: Debian's Chromium and the npm packages of {@code src/test/browser}
 * (playwright-core and axe-core; no browser is downloaded). {@code ./omnihub test} installs them where it can. A
 * browser test runs on every machine or fails saying what to install; it is skipped only when asked
 * with {@code OMNIHUB_SKIP_BROWSER=1}, which the launcher's summary line names.
 */
public final class BrowserTests {

  /** The browser tests' scripts and their npm packages (relative to the hub module, where tests run). */
  public static final Path SCRIPTS = Path.of("src/test/browser");
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final String SKIP = "OMNIHUB_SKIP_BROWSER";
  static final String INSTALL = "apt-get install -y chromium nodejs npm && npm ci --prefix hub/src/test/browser";

  private BrowserTests() {
  }

  /** Skips the calling test when browser tests were explicitly turned off; fails it when a part is missing. */
  public static void require() {
    Assumptions.assumeFalse("1".equals(System.getenv(SKIP)), SKIP + "=1: browser tests skipped on request");
    if (!Files.isExecutable(CHROMIUM)) {
      throw new AssertionError(CHROMIUM + " is missing: install it (" + INSTALL + "), run the tests with ./omnihub test, which "
          + "installs it where it can, or set " + SKIP + "=1 to skip the browser tests");
    }
    if (!Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core")) || !Files.isDirectory(SCRIPTS.resolve("node_modules/axe-core"))) {
      throw new AssertionError(SCRIPTS + "/node_modules is missing: run npm ci --prefix hub/src/test/browser (./omnihub test does), "
          + "or set " + SKIP + "=1 to skip the browser tests");
    }
  }

  /**
   * Runs one of the scripts ({@code node <script> <args...> <chromium>}): it prints a line per step it
   * reaches, which the test awaits, and exits non-zero on failure; its standard error (the page's console
   * too) is kept for the assertion messages.
   */
  public static Script run(String script, String... args) {
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    command.add(CHROMIUM.toString());
    try {
      Process process = new ProcessBuilder(command).directory(SCRIPTS.toFile()).start();
      return new Script(process, steps(process), log(process));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A running browser script. */
  public record Script(Process process, BlockingQueue<String> steps, StringBuffer log) implements AutoCloseable {

    /** Waits (up to a minute) for the script's next step and checks it is this one. */
    public void awaitStep(String expected) throws InterruptedException {
      String step = steps.poll(60, TimeUnit.SECONDS);
      if ("EXIT".equals(step)) {
        Thread.sleep(200); // the rest of its standard error
      }
      assertThat(step).as("the browser's next step; the browser said:%n%s", log).isEqualTo(expected);
    }

    /** Tells the script to go on (a line on its standard input), after the test did what the last step asked for. */
    public void tell(String line) {
      try {
        process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
      } catch (IOException e) {
        throw new UncheckedIOException("the browser script ended early; it said:\n" + log, e);
      }
    }

    /** Waits for the script to end and checks it succeeded. */
    public void awaitSuccess() throws InterruptedException {
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as("the browser script's exit code; it said:%n%s", log).isZero();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  private static StringBuffer log(Process process) {
    StringBuffer log = new StringBuffer();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          log.append(line).append('\n');
        }
      } catch (IOException ignored) {
        // the process ended
      }
    });
    return log;
  }

  private static BlockingQueue<String> steps(Process process) {
    BlockingQueue<String> steps = new LinkedBlockingQueue<>();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          steps.add(line.strip());
        }
      } catch (IOException ignored) {
        // the process ended
      }
      steps.add("EXIT");
    });
    return steps;
  }
}
