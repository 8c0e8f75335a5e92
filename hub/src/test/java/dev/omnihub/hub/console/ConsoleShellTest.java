package dev.omnihub.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.BrowserTests;
import dev.omnihub.hub.testing.HubExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console's build-free shell: its page carries one import map merged from the mvnpm jars (Lit and
 * its parts), allowed by its hash in a strict Content-Security-Policy; the modules are served from the
 * class path under versioned paths cached for a year; in Chromium the page renders its Lit component
 * under that policy with nothing refused (the sign-in form), and axe-core finds no serious violation.
 */
class ConsoleShellTest {

  @RegisterExtension
  static final HubExtension hub = new HubExtension();
  private static final Pattern IMPORT_MAP = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void thePageCarriesTheMergedImportMapAllowedByItsHashAndTheModulesAreCachedForAYear() throws Exception {
    HttpResponse<String> page = get("/console/");
    assertThat(page.statusCode()).isEqualTo(200);
    Matcher map = IMPORT_MAP.matcher(page.body());
    assertThat(map.find()).as("an inline import map").isTrue();
    assertThat(map.group(1)).contains("\"lit\":\"/_static/lit/3.3.3/index.js\"").contains("\"lit-html\"").contains("\"@lit/reactive-element\"");
    String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(map.group(1).getBytes(StandardCharsets.UTF_8)));
    String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertThat(policy).contains("script-src 'self' 'sha256-" + hash + "'").contains("object-src 'none'").contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(get("/console/console.js").headers().firstValue("Content-Security-Policy")).isPresent();

    HttpResponse<String> lit = get("/_static/lit/3.3.3/index.js");
    assertThat(lit.statusCode()).isEqualTo(200);
    assertThat(lit.headers().firstValue("Content-Type").orElse("")).contains("javascript");
    assertThat(lit.headers().firstValue("Cache-Control").orElse("")).contains("max-age=31536000").contains("immutable");
    assertThat(get("/_static/lit/3.3.3/../../../../omnihub-console/index.html").statusCode()).isIn(400, 404);
    assertThat(get("/_static/no/such.js").statusCode()).isEqualTo(404);
  }

  @Test
  void inChromiumTheSignInFormRendersUnderThePolicyAndAxeFindsNothingSerious() throws Exception {
    BrowserTests.require();
    try (BrowserTests.Script browser = BrowserTests.run("console-shell.mjs", hub.client().baseUrl() + "/console/")) {
      browser.awaitStep("RENDERED");
      browser.awaitStep("ACCESSIBLE");
      browser.awaitSuccess();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(hub.client().baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
