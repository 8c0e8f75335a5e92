package dev.omnihub.hub.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.hub.testing.ClientsAtAddresses;
import dev.omnihub.hub.testing.ClientsAtAddresses.Answer;
import dev.omnihub.hub.testing.ForwardingProxy;
import dev.omnihub.hub.testing.HttpResult;
import dev.omnihub.hub.testing.ProviderSignatures;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub behind a real reverse proxy (API.md "Start-up and configuration", {@code TRUSTED_PROXIES}):
 * each visitor and agent is limited and audited by their own address, which the proxy forwards, and a
 * client that is not the proxy cannot choose the address it is counted under. Clients connect from
 * addresses of their own on the loopback network; the proxy is 127.0.0.1.
 */
class ReverseProxyTest {

  private static final String PROXY_ADDRESS = "127.0.0.1";
  private static final String CONNECTING_DIRECTLY = "127.0.0.2";

  @TempDir
  static Path dataDir;
  private static TestHub hub;
  private static ForwardingProxy proxy;
  private static ClientsAtAddresses clients;
  private static String chatChannel;

  @BeforeAll
  static void startHubBehindProxy() {
    hub = TestHub.start(dataDir, Map.of("TRUSTED_PROXIES", PROXY_ADDRESS + ", 10.0.0.0/8"));
    proxy = new ForwardingProxy(hub.hub().httpPort());
    clients = new ClientsAtAddresses();
    HttpResult created = hub.client().post("/api/v1/channels", new JsonObject().put("type", "chat").put("name", "Website"),
        hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    chatChannel = created.json().getString("id");
  }

  @AfterAll
  static void stop() {
    clients.close();
    proxy.close();
    hub.close();
  }

  @Test
  void twoThousandVisitorsBehindTheProxyAllGetASessionWhileOneVisitorIsStillLimited() {
    List<CompletableFuture<Answer>> sessions = new ArrayList<>();
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      sessions.add(clients.send("127.1." + (i / 250) + "." + (i % 250 + 1), proxy.port(), HttpMethod.POST, sessionPath(), "{}", Map.of()));
      if (sessions.size() == 50) {
        sessions.forEach(session -> statuses.add(session.join().status()));
        sessions.clear();
      }
    }
    sessions.forEach(session -> statuses.add(session.join().status()));

    assertThat(statuses).as("2,000 visitors from 2,000 addresses within a minute, through one proxy").hasSize(2_000)
        .allMatch(status -> status == 200);

    String oneVisitor = "127.2.0.1";
    for (int i = 0; i < 60; i++) {
      assertThat(clients.post(oneVisitor, proxy.port(), sessionPath(), new JsonObject(), Map.of()).status()).isEqualTo(200);
    }
    Answer sixtyFirst = clients.post(oneVisitor, proxy.port(), sessionPath(), new JsonObject(), Map.of());
    assertThat(sixtyFirst.status()).as("WIDGET_SESSIONS_PER_MINUTE (60) still holds for one client address").isEqualTo(429);
    assertThat(sixtyFirst.retryAfter()).isNotNull();
    assertThat(clients.post("127.2.0.2", proxy.port(), sessionPath(), new JsonObject(), Map.of()).status())
        .as("the visitor next to them is not").isEqualTo(200);
  }

  @Test
  void forwardingHeadersFromAClientThatIsNotTheProxyChangeNothing() {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 61; i++) {
      // A new address each time, in both headers: were they believed, the limit would never be reached.
      statuses.add(clients.post(CONNECTING_DIRECTLY, hub.hub().httpPort(), sessionPath(), new JsonObject(),
          Map.of("X-Forwarded-For", "10.9." + (i / 250) + "." + (i % 250 + 1), "Forwarded", "for=10.8.0." + (i + 1))).status());
    }
    assertThat(statuses.subList(0, 60)).allMatch(status -> status == 200);
    assertThat(statuses.get(60)).as("counted under the address that connected").isEqualTo(429);

    Answer login = clients.post(CONNECTING_DIRECTLY, hub.hub().httpPort(), "/api/v1/auth/login",
        new JsonObject().put("email", TestHub.ADMIN_EMAIL).put("password", TestHub.ADMIN_PASSWORD), Map.of("X-Forwarded-For", "10.7.7.7"));
    assertThat(login.status()).as(login.body()).isEqualTo(200);
    List<String> loginAddresses = awaitAudited("login.succeeded", CONNECTING_DIRECTLY);
    assertThat(loginAddresses).as("the audit never shows the address the client claimed").doesNotContain("10.7.7.7");

    Answer channel = clients.get(CONNECTING_DIRECTLY, hub.hub().httpPort(), "/api/v1/channels/" + apiChannel(),
        Map.of("Authorization", "Bearer " + login.json().getString("token"), "X-Forwarded-Proto", "https"));
    assertThat(channel.json().getString("inboundUrl")).as("links keep PUBLIC_URL's scheme").startsWith("http://");
  }

  @Test
  void theAuditAndTheLoginThrottleCountEachAgentBehindTheProxyByTheirOwnAddress() {
    HttpResult created = hub.client().post("/api/v1/agents", new JsonObject().put("name", "Ana").put("email", "ana@office.test")
        .put("password", "correct horse battery").put("roles", new JsonArray().add("agent")), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String typist = "127.3.0.1";
    String colleague = "127.3.0.2";

    List<Integer> typos = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      typos.add(clients.post(typist, proxy.port(), "/api/v1/auth/login", new JsonObject().put("email", "ana@office.test")
          .put("password", "correct horse batery"), Map.of()).status());
    }
    assertThat(typos.subList(0, 6)).as("five free attempts, and the sixth sets a wait").allMatch(status -> status == 401);
    assertThat(typos.get(6)).as("the typist's seventh attempt, at once, waits").isEqualTo(429);

    Answer fromColleaguesDesk = clients.post(colleague, proxy.port(), "/api/v1/auth/login", new JsonObject().put("email", "ana@office.test")
        .put("password", "correct horse battery"), Map.of());
    assertThat(fromColleaguesDesk.status()).as("another desk in the same office is not slowed by those typos").isEqualTo(200);

    assertThat(awaitAudited("login.failed", typist)).as("never the proxy's address").doesNotContain(PROXY_ADDRESS);
    awaitAudited("login.succeeded", colleague);

    Answer channel = clients.get(colleague, proxy.port(), "/api/v1/channels/" + apiChannel(),
        Map.of("Authorization", "Bearer " + hub.adminToken()));
    assertThat(channel.json().getString("inboundUrl")).as("the proxy ends TLS: links use its scheme")
        .isEqualTo(hub.hub().publicUrl().replaceFirst("^http:", "https:") + "/webhooks/api/" + apiChannel());
  }

  @Test
  void twilioSignsTheHttpsUrlItCalledAndTheHubChecksThatUrlBehindTheProxy() {
    HttpResult created = hub.client().post("/api/v1/channels", new JsonObject().put("type", "sms").put("name", "SMS")
        .put("accountSid", "AC1").put("authToken", "twilio-token").put("phoneNumber", "+4930555000"), hub.adminToken());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String path = "/webhooks/sms/" + created.json().getString("id");
    Map<String, String> form = new LinkedHashMap<>();
    form.put("MessageSid", "SM-proxy-1");
    form.put("From", "+491701234567");
    form.put("To", "+4930555000");
    form.put("Body", "Hello");
    String httpsUrl = hub.hub().publicUrl().replaceFirst("^http:", "https:") + path;
    Map<String, String> headers = Map.of("X-Twilio-Signature", ProviderSignatures.twilio("twilio-token", httpsUrl, form),
        "Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-Proto", "https");
    String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));

    Answer direct = clients.send(CONNECTING_DIRECTLY, hub.hub().httpPort(), HttpMethod.POST, path, body, headers).join();
    assertThat(direct.status()).as("a client that is not the proxy cannot claim https").isEqualTo(403);
    Answer proxied = clients.send("127.4.0.1", proxy.port(), HttpMethod.POST, path, body, headers).join();
    assertThat(proxied.status()).as(proxied.body()).isEqualTo(200);
  }

  private static String sessionPath() {
    return "/api/v1/widget/" + chatChannel + "/session";
  }

  private static String apiChannel;

  private static synchronized String apiChannel() {
    if (apiChannel == null) {
      apiChannel = hub.client().createApiChannel(hub.adminToken(), "Shop", null).getString("id");
    }
    return apiChannel;
  }

  /** Waits until the audit has an entry of an action from an address; answers the addresses of all its entries of that action. */
  private static List<String> awaitAudited(String action, String ip) {
    List<String> addresses = new ArrayList<>();
    Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      addresses.clear();
      hub.client().get("/api/v1/audit?action=" + URLEncoder.encode(action, StandardCharsets.UTF_8), hub.adminToken()).items()
          .forEach(item -> addresses.add(((JsonObject) item).getString("ip")));
      assertThat(addresses).as(action + " entries' addresses").contains(ip);
    });
    return addresses;
  }
}
