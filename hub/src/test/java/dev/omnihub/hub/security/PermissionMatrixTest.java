package dev.omnihub.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.MailSender;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads the permission matrix in {@code docs/permissions.md} and checks every cell against a running
 * hub: every route with a bearer token × {anonymous, agent, supervisor, admin, limited token, token,
 * expired token, revoked token}. The page and the code cannot drift apart.
 */
class PermissionMatrixTest {

  private static final Path MATRIX = Path.of("..", "docs", "permissions.md");
  private static final Pattern ROW = Pattern.compile("^\\| `(GET|POST|PUT|PATCH|DELETE) (/api/v1/[^`]+)` \\|(.+)\\|$");
  private static final List<String> CALLERS = List.of("anonymous", "agent", "supervisor", "admin", "limited token", "token",
      "expired token", "revoked token");
  private static final Set<String> DENIED = Set.of("401", "403");
  private static final String NONE = "000000000000000000000000";

  @TempDir
  Path dataDir;

  private record Route(String method, String path, List<String> cells) {
  }

  /** An id in reach of the limited token, and one beyond it. */
  private record Target(String inScope, String outOfScope) {
  }

  @Test
  void everyCellOfTheDocumentedMatrixHolds() throws IOException {
    List<Route> routes = readMatrix();
    assertThat(routes).as("rows of the matrix").hasSizeGreaterThan(40);
    try (TestHub hub = TestHub.start(dataDir)) {
      HubClient client = hub.client();
      Fixtures fixtures = new Fixtures(hub);
      List<String> wrong = new ArrayList<>();
      for (Route route : routes) {
        for (int column = 0; column < CALLERS.size(); column++) {
          String caller = CALLERS.get(column);
          String cell = route.cells().get(column);
          String token = route.path().endsWith("/logout") ? fixtures.freshToken(caller) : fixtures.token(caller);
          check(client, fixtures, route, caller, cell, token, wrong);
        }
      }
      assertThat(wrong).as("cells of docs/permissions.md the hub does not keep").isEmpty();
    }
  }

  private static void check(HubClient client, Fixtures fixtures, Route route, String caller, String cell, String token, List<String> wrong) {
    JsonObject body = fixtures.body(route);
    switch (cell) {
      case "401", "403" -> expect(wrong, route, caller, cell, send(client, route, fixtures.path(route, false, null), body, token),
          status -> status == Integer.parseInt(cell));
      case "✓", "filtered" -> {
        expect(wrong, route, caller, cell, send(client, route, fixtures.path(route, false, null), body, token),
            status -> !DENIED.contains(Integer.toString(status)));
        if ("limited token".equals(caller) && fixtures.hasScopedTarget(route)) {
          expect(wrong, route, caller, "✓ beyond its channels too", send(client, route, fixtures.path(route, true, null), body, token),
              status -> status != 401 && status != 403 && status != 404);
        }
      }
      case "own" -> {
        expect(wrong, route, caller, "own record allowed", send(client, route, fixtures.path(route, false, fixtures.agentId(caller)), body,
            token), status -> !DENIED.contains(Integer.toString(status)));
        expect(wrong, route, caller, "another's record 403", send(client, route, fixtures.path(route, false, fixtures.otherAgentId(caller)),
            body, token), status -> status == 403);
      }
      case "scoped" -> {
        expect(wrong, route, caller, "in its channels allowed", send(client, route, fixtures.path(route, false, null), body, token),
            status -> status != 401 && status != 403 && status != 404);
        expect(wrong, route, caller, "beyond its channels 404", send(client, route, fixtures.path(route, true, null), body, token),
            status -> status == 404);
      }
      default -> wrong.add(route.method() + " " + route.path() + ": unknown cell '" + cell + "'");
    }
  }

  private static HttpResult send(HubClient client, Route route, String path, JsonObject body, String token) {
    return client.send(route.method(), path, body == null ? "" : body.encode(), token);
  }

  private static void expect(List<String> wrong, Route route, String caller, String expected, HttpResult result,
      java.util.function.IntPredicate holds) {
    if (!holds.test(result.status())) {
      wrong.add(route.method() + " " + route.path() + " as " + caller + ": expected " + expected + ", got " + result.status() + " "
          + result.body());
    }
  }

  private static List<Route> readMatrix() throws IOException {
    List<Route> routes = new ArrayList<>();
    for (String line : Files.readAllLines(MATRIX)) {
      if (line.startsWith("## ")) {
        break;
      }
      Matcher row = ROW.matcher(line.strip());
      if (row.matches()) {
        List<String> cells = List.of(row.group(3).split("\\|")).stream().map(String::strip).toList();
        assertThat(cells).as(line).hasSize(CALLERS.size());
        routes.add(new Route(row.group(1), row.group(2), cells));
      }
    }
    return routes;
  }

  /** The callers, and things to call the routes on. */
  private static final class Fixtures {

    private final TestHub hub;
    private final HubClient client;
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Map<String, String> agentIds = new LinkedHashMap<>();
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final String scopeChannel;
    private final String mergeable;
    private final String spareToken;
    private final String article;
    private int logins;

    Fixtures(TestHub hub) {
      this.hub = hub;
      this.client = hub.client();
      String admin = hub.adminToken();
      tokens.put("admin", admin);
      agentIds.put("admin", client.get("/api/v1/auth/me", admin).json().getString("id"));
      for (String role : List.of("agent", "supervisor")) {
        agentIds.put(role, client.post("/api/v1/agents", new JsonObject().put("name", role).put("email", role + "@desk.test")
            .put("password", "correct horse battery").put("roles", new JsonArray().add(role)), admin).json().getString("id"));
        tokens.put(role, client.login(role + "@desk.test", "correct horse battery"));
      }
      scopeChannel = emailChannel(admin, "support@shop.test");
      String otherMail = emailChannel(admin, "sales@shop.test");
      JsonObject api = client.createApiChannel(admin, "App", null);
      assertThat(MailSender.sendOnce(hub.hub().smtpPort(), ChannelScopedTokenTest.mailWithFile("ana@example.com", "<a-1@x.test>"),
          "support@shop.test")).isEqualTo(250);
      assertThat(MailSender.sendOnce(hub.hub().smtpPort(), ChannelScopedTokenTest.mailWithFile("cy@example.com", "<c-1@x.test>"),
          "sales@shop.test")).isEqualTo(250);
      JsonObject bob = client.webhook(api, HubClient.message("b-1", new JsonObject().put("email", "bob@example.com"), "hi")).json();
      String ana = customer(admin, "ana@example.com");
      String anaConversation = client.get("/api/v1/customers/" + ana + "/conversations", admin).items().getJsonObject(0).getString("id");
      String cy = customer(admin, "cy@example.com");
      String cyConversation = client.get("/api/v1/customers/" + cy + "/conversations", admin).items().getJsonObject(0).getString("id");
      targets.put("customer", new Target(ana, bob.getString("customerId")));
      targets.put("conversation", new Target(anaConversation, bob.getString("conversationId")));
      targets.put("file", new Target(fileOf(admin, anaConversation), fileOf(admin, cyConversation)));
      targets.put("channel", new Target(scopeChannel, api.getString("id")));
      targets.put("erasable", new Target(client.webhook(api, HubClient.message("e-1", new JsonObject().put("email", "erase@example.com"),
          "bye")).json().getString("customerId"), null));
      mergeable = client.webhook(api, HubClient.message("m-1", new JsonObject().put("email", "merge@example.com"), "hi")).json()
          .getString("customerId");
      spareToken = client.post("/api/v1/tokens", new JsonObject().put("name", "spare"), admin).json().getString("id");
      article = client.post("/api/v1/kb/articles", new JsonObject().put("title", "Refunds").put("body", "Money back in 5 days."), admin)
          .json().getString("id");
      tokens.put("limited token", apiToken(new JsonObject().put("name", "limited").put("channels", new JsonArray().add(scopeChannel))));
      tokens.put("token", apiToken(new JsonObject().put("name", "unlimited")));
      tokens.put("expired token", apiToken(new JsonObject().put("name", "expiring").put("expiresAt", Instant.now().plusSeconds(2).toString())));
      JsonObject revoked = client.post("/api/v1/tokens", new JsonObject().put("name", "revoked"), admin).json();
      assertThat(client.delete("/api/v1/tokens/" + revoked.getString("id"), admin).status()).isEqualTo(204);
      tokens.put("revoked token", revoked.getString("token"));
      String expired = tokens.get("expired token");
      Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> client.get("/api/v1/auth/me", expired).status() == 401);
    }

    String token(String caller) {
      return tokens.get(caller);
    }

    /** Logout revokes what it is called with: each call gets its own token of the same kind. */
    String freshToken(String caller) {
      return switch (caller) {
        case "agent", "supervisor" -> client.login(caller + "@desk.test", "correct horse battery");
        case "admin" -> {
          logins++;
          String email = "admin" + logins + "@desk.test";
          client.post("/api/v1/agents", new JsonObject().put("name", "admin").put("email", email).put("password", "correct horse battery")
              .put("roles", new JsonArray().add("admin")), tokens.get("admin"));
          yield client.login(email, "correct horse battery");
        }
        case "limited token" -> apiToken(new JsonObject().put("name", "limited").put("channels", new JsonArray().add(scopeChannel)));
        case "token" -> apiToken(new JsonObject().put("name", "unlimited"));
        default -> tokens.get(caller);
      };
    }

    String agentId(String caller) {
      return agentIds.get(caller);
    }

    String otherAgentId(String caller) {
      return "agent".equals(caller) ? agentIds.get("supervisor") : agentIds.get("agent");
    }

    boolean hasScopedTarget(Route route) {
      return targets.entrySet().stream().anyMatch(target -> target.getValue().outOfScope() != null
          && route.path().contains("{" + target.getKey() + "}"));
    }

    String path(Route route, boolean outOfScope, String agent) {
      String path = route.path();
      for (Map.Entry<String, Target> target : targets.entrySet()) {
        if (!path.contains("{" + target.getKey() + "}")) {
          continue;
        }
        path = path.replace("{" + target.getKey() + "}", outOfScope ? target.getValue().outOfScope() : target.getValue().inScope());
      }
      return path.replace("{agent}", agent == null ? agentIds.get("agent") : agent)
          .replace("{token}", spareToken).replace("{article}", article).replace("{suggestion}", NONE).replace("{message}", NONE);
    }

    /** A body that passes validation where that is harmless, so an allowed call is seen to get past the checks. */
    JsonObject body(Route route) {
      if (route.method().equals("GET") || route.method().equals("DELETE")) {
        return null;
      }
      String path = route.path();
      if (path.endsWith("/auth/login")) {
        return new JsonObject().put("email", "agent@desk.test").put("password", "correct horse battery");
      }
      if (path.endsWith("/presence")) {
        return new JsonObject().put("status", "online");
      }
      if (path.startsWith("/api/v1/agents/")) {
        return new JsonObject().put("name", "Renamed");
      }
      if (path.endsWith("/merge") || path.endsWith("/unmerge")) {
        return new JsonObject().put("otherId", mergeable);
      }
      if (path.endsWith("/consent")) {
        return new JsonObject().put("marketing", new JsonObject().put("email", true));
      }
      if (path.equals("/api/v1/customer-events")) {
        return new JsonObject().put("identity", "email:ana@example.com").put("type", "order.created").put("title", "Order")
            .put("occurredAt", "2026-11-30T10:00:00Z").put("externalId", "order-" + System.nanoTime());
      }
      if (path.endsWith("/messages")) {
        return new JsonObject().put("text", "hello").put("channel", scopeChannel);
      }
      if (path.endsWith("/status")) {
        return new JsonObject().put("status", "open");
      }
      if (path.equals("/api/v1/kb/import")) {
        return new JsonObject().put("articles", new io.vertx.core.json.JsonArray().add(new JsonObject().put("title", "Matrix")
            .put("body", "Imported by the permission matrix.")));
      }
      if (path.endsWith("/suggestions/feedback")) {
        return new JsonObject().put("kind", "article").put("id", article).put("useful", true);
      }
      if (path.endsWith("/assign")) {
        return new JsonObject().put("agentId", agentIds.get("agent"));
      }
      if (path.startsWith("/api/v1/customers/")) {
        return new JsonObject().put("tags", new JsonArray().add("checked"));
      }
      return new JsonObject();
    }

    private String apiToken(JsonObject body) {
      HttpResult created = client.post("/api/v1/tokens", body, tokens.get("admin"));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      return created.json().getString("token");
    }

    private String emailChannel(String admin, String address) {
      return client.post("/api/v1/channels", new JsonObject().put("type", "email").put("name", address).put("address", address), admin)
          .json().getString("id");
    }

    private String customer(String admin, String email) {
      return client.get("/api/v1/customers?identity=email:" + email, admin).items().getJsonObject(0).getString("id");
    }

    private String fileOf(String admin, String conversation) {
      String url = client.get("/api/v1/conversations/" + conversation + "/messages", admin).items().getJsonObject(0)
          .getJsonArray("attachments").getJsonObject(0).getString("url");
      return url.substring(url.lastIndexOf('/') + 1);
    }
  }
}
