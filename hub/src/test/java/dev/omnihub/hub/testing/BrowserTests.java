package dev.omnihub.hub.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * What the browser tests need: Debian's Chromium and the npm packages of {@code src/test/browser}
 * (playwright-core; no browser is downloaded). {@code ./omnihub test} installs them where it can. A
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
    if (!Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core"))) {
      throw new AssertionError(SCRIPTS + "/node_modules is missing: run npm ci --prefix hub/src/test/browser (./omnihub test does), "
          + "or set " + SKIP + "=1 to skip the browser tests");
    }
  }
}
