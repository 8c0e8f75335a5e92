package dev.omnihub.hub.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Searches the log of the whole unit-test run (written by {@code logback-test.xml}; this runs after
 * it, in the integration-test phase) for what must never reach a log at INFO or above: API tokens,
 * login tokens, passwords, channel secrets, credentials in URLs, customers' addresses and numbers.
 * The run logs in, creates tokens and channels, and ingests thousands of customers' messages, so a
 * log line that carried any of them would be found here.
 */
class LogHygieneIT {

  private static final Path LOG = Path.of("target", "test-logs", "hub-tests.log");

  /** The one address logged on purpose: the operator's own, when the first start creates their admin. */
  private static final String BOOTSTRAP_ADMIN = "AuthService - Created the admin ";

  private static final Map<String, Pattern> FORBIDDEN = Map.of(
      "an API token", Pattern.compile("ohk_[A-Za-z0-9_-]{20,}"),
      "a login token (JWT)", Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}"),
      "a password the tests use", Pattern.compile("correct horse battery|s3cret-pass|hunter2", Pattern.CASE_INSENSITIVE),
      "a credential in a URL", Pattern.compile("[?&](token|secret|password|key|signature)=[^&\\s]{6,}", Pattern.CASE_INSENSITIVE),
      "a credential in a URL's user part", Pattern.compile("[a-z]+://[^/\\s:@]+:[^/\\s@]+@", Pattern.CASE_INSENSITIVE),
      "an email address", Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\\.[A-Za-z][A-Za-z0-9.-]*"),
      "a phone number", Pattern.compile("(?<![\\w+])\\+\\d{8,15}\\b"),
      "an HMAC signature", Pattern.compile("sha256=[0-9a-f]{64}"));

  @Test
  void theTestRunsLogCarriesNoSecretAndNoCustomersIdentity() throws IOException {
    assertThat(LOG).as("the unit tests' log (run `mvn verify`, not only the integration tests)").exists();
    List<String> lines = Files.readAllLines(LOG, StandardCharsets.UTF_8);
    assertThat(lines).as("a full run logs its hubs starting").anyMatch(line -> line.contains("OmniHub stopped"));
    List<String> found = new ArrayList<>();
    for (String line : lines) {
      if (line.contains(BOOTSTRAP_ADMIN)) {
        continue;
      }
      FORBIDDEN.forEach((what, pattern) -> {
        if (pattern.matcher(line).find()) {
          found.add(what + ": " + line);
        }
      });
    }
    assertThat(found).as("log lines that carry a secret or a customer's identity").isEmpty();
  }
}
