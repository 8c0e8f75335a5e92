package dev.omnihub.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console's session (docs/architecture.md "Console"): the access token lives in the page's memory;
 * a reload trades an HttpOnly, SameSite=Strict cookie for a new one at {@code /api/v1/auth/refresh}.
 * The cookie is no bearer, needs the console's header (no cross-site page can send it), and dies with
 * a logout and with everything that revokes an agent's tokens.
 */
class ConsoleSessionTest {

  private static final String PASSWORD = "correct horse battery";
  private static final String CSRF = "X-OmniHub-CSRF";

  @RegisterExtension
  static final HubExtension hub = new HubExtension();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void aReloadTradesTheHttpOnlyCookieForAFreshAccessTokenAndOnlyTheConsoleCanAskForIt() throws Exception {
    createAgent("ana.console@agents.test");
    JsonObject credentials = new JsonObject().put("email", "ana.console@agents.test").put("password", PASSWORD).put("session", true);

    HttpResponse<String> noHeader = send(post("/api/v1/auth/login", credentials.encode()));
    assertThat(noHeader.statusCode()).as("a session without the console's header (a cross-site form)").isEqualTo(403);
    assertThat(noHeader.headers().firstValue("Set-Cookie")).isEmpty();

    HttpResponse<String> login = send(post("/api/v1/auth/login", credentials.encode()).header(CSRF, "1"));
    assertThat(login.statusCode()).isEqualTo(200);
    String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("omnihub_session=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict").contains("Path=/api/v1/auth")
        .contains("Max-Age=");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    String sessionToken = cookie.substring(cookie.indexOf('=') + 1);

    assertThat(hub.client().get("/api/v1/auth/me", sessionToken).status()).as("the session token is no bearer").isEqualTo(401);
    assertThat(send(post("/api/v1/auth/refresh", "{}").header("Cookie", cookie)).statusCode()).as("refresh without the header")
        .isEqualTo(403);
    assertThat(send(post("/api/v1/auth/refresh", "{}").header(CSRF, "1")).statusCode()).as("refresh without a cookie: nobody signed in")
        .isEqualTo(204);

    HttpResponse<String> refreshed = send(post("/api/v1/auth/refresh", "{}").header(CSRF, "1").header("Cookie", cookie));
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    JsonObject body = new JsonObject(refreshed.body());
    assertThat(body.getJsonObject("agent").getString("email")).isEqualTo("ana.console@agents.test");
    String access = body.getString("token");
    assertThat(hub.client().get("/api/v1/auth/me", access).status()).isEqualTo(200);

    HttpResponse<String> logout = send(post("/api/v1/auth/logout", "{}").header("Authorization", "Bearer " + access).header("Cookie", cookie));
    assertThat(logout.statusCode()).isEqualTo(204);
    assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).as("the cookie is cleared").contains("Max-Age=0");
    assertThat(send(post("/api/v1/auth/refresh", "{}").header(CSRF, "1").header("Cookie", cookie)).statusCode())
        .as("a logged-out session cannot be refreshed, even with the old cookie").isEqualTo(401);
  }

  @Test
  void aRoleChangeOrDeactivationEndsTheSessionToo() throws Exception {
    String id = createAgent("ben.console@agents.test");
    JsonObject credentials = new JsonObject().put("email", "ben.console@agents.test").put("password", PASSWORD).put("session", true);
    HttpResponse<String> login = send(post("/api/v1/auth/login", credentials.encode()).header(CSRF, "1"));
    String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));

    HttpResult promoted = hub.client().patch("/api/v1/agents/" + id, new JsonObject().put("roles", new JsonArray().add("supervisor")),
        hub.adminToken());
    assertThat(promoted.status()).isEqualTo(200);
    HttpResponse<String> refused = send(post("/api/v1/auth/refresh", "{}").header(CSRF, "1").header("Cookie", cookie));
    assertThat(refused.statusCode()).as("a role change revokes the session").isEqualTo(401);
    assertThat(refused.headers().firstValue("Set-Cookie").orElseThrow()).as("and clears the dead cookie").contains("Max-Age=0");
  }

  private HttpRequest.Builder post(String path, String body) {
    return HttpRequest.newBuilder(URI.create(hub.client().baseUrl() + path)).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String createAgent(String email) {
    HttpResult created = hub.client().post("/api/v1/agents", new JsonObject().put("name", email).put("email", email).put("password", PASSWORD)
        .put("roles", new JsonArray().add("agent")), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getString("id");
  }
}
