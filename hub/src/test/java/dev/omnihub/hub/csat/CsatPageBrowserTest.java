package dev.omnihub.hub.csat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.BrowserTests;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The survey's page as a customer uses it, in Debian's Chromium on a phone's screen: in Chinese for a
 * Chinese browser, checked with axe-core before, while and after it is filled in, rated through its
 * roles and accessible names with hostile text in the comment, which is kept as text. The browser's
 * half is {@code src/test/browser/csat-page.mjs}.
 */
class CsatPageBrowserTest {

  private static final Pattern LINK = Pattern.compile("(https?://\\S+/csat/\\S+)");

  @TempDir
  Path dataDir;

  @Test
  void aCustomerRatesOnThePageInChromiumAndAxeFindsNothing() throws Exception {
    BrowserTests.require();
    try (TestHub hub = TestHub.start(dataDir)) {
      JsonObject channel = hub.client().post("/api/v1/channels", new JsonObject().put("type", "api").put("name", "Shop")
          .put("csat", new JsonObject().put("enabled", true).put("question", "How was our help? <b>really</b>")), hub.adminToken()).json();
      String conversation = hub.client().webhook(channel, HubClient.message("m-1", new JsonObject().put("externalUserId", "u-1"),
          "My invoice is wrong")).json().getString("conversationId");
      assertThat(hub.client().post("/api/v1/conversations/" + conversation + "/messages", new JsonObject().put("text", "Fixed it."),
          hub.adminToken()).status()).isEqualTo(201);
      assertThat(hub.client().post("/api/v1/conversations/" + conversation + "/status", new JsonObject().put("status", "resolved"),
          hub.adminToken()).status()).isEqualTo(200);
      String[] link = new String[1];
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
        for (Object item : hub.client().get("/api/v1/conversations/" + conversation + "/messages", hub.adminToken()).items()) {
          Matcher matcher = LINK.matcher(String.valueOf(((JsonObject) item).getString("text")));
          if (matcher.find()) {
            link[0] = matcher.group(1);
            return true;
          }
        }
        return false;
      });

      try (BrowserTests.Script customer = BrowserTests.run("csat-page.mjs", link[0])) {
        customer.awaitStep("SHOWN");
        customer.awaitStep("RATED");
        customer.awaitSuccess();
      }
      HttpResult after = hub.client().get("/api/v1/conversations/" + conversation, hub.adminToken());
      assertThat(after.json().getJsonObject("csat").getInteger("score")).isEqualTo(4);
      assertThat(after.json().getJsonObject("csat").getString("comment")).isEqualTo("\"><script>alert(1)</script> 很好 & quick");
    }
  }
}
