package dev.omnihub.adapters.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnihub.adapters.spi.AuthorRef;
import dev.omnihub.adapters.spi.ChannelAdapter;
import dev.omnihub.adapters.spi.ChannelSettings;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.DeliveryException;
import dev.omnihub.adapters.spi.DeliveryReceipt;
import dev.omnihub.adapters.spi.IdentityKind;
import dev.omnihub.adapters.spi.InboundMessage;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.OutboundDeliveryContract;
import dev.omnihub.adapters.spi.OutboundMessage;
import dev.omnihub.adapters.spi.WebhookInbound;
import dev.omnihub.adapters.spi.WebhookInboundContract;
import dev.omnihub.adapters.spi.WebhookRequest;
import dev.omnihub.adapters.webhook.SignedWebhookClient;
import dev.omnihub.adapters.webhook.WebhookSignature;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The api channel against the SPI's contracts, and its own fields; a channel that speaks the same
 * signed JSON under another type runs all of it by overriding {@link #newAdapter} and {@link #type}.
 */
public class ApiChannelAdapterTest implements WebhookInboundContract, OutboundDeliveryContract {

  private static final String SECRET = "channel-secret";
  private static Vertx vertx;
  private static SignedWebhookClient client;
  private ChannelAdapter adapter;

  private final ChannelSettings channel = new ChannelSettings("ch1", type(), "Shop", SECRET, new JsonObject());

  /** The adapter under test, sending through {@code client}. */
  protected ChannelAdapter newAdapter(SignedWebhookClient client) {
    return new ApiChannelAdapter(client);
  }

  /** The channel type it serves. */
  protected ChannelType type() {
    return ChannelType.API;
  }

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    client = new SignedWebhookClient(vertx, Clock.systemUTC(), 2_000);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private final List<String> deliveryKeys = new CopyOnWriteArrayList<>();
  private final List<HttpServer> receivers = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeReceivers() throws Exception {
    for (HttpServer receiver : receivers) {
      receiver.close().await(5, TimeUnit.SECONDS);
    }
  }

  @Override
  public ChannelAdapter outbound() {
    if (adapter == null) {
      adapter = newAdapter(client);
    }
    return adapter;
  }

  /** An integration that honours the delivery id: the same delivery gets the same remote id. */
  @Override
  public ChannelSettings acceptingReceiver() {
    return channelWithUrl(tracked(request -> request.body().onSuccess(body -> {
      String key = request.getHeader(SignedWebhookClient.DELIVERY_HEADER);
      deliveryKeys.add(key);
      request.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("id", "remote-" + key).encode());
    })));
  }

  @Override
  public List<String> idempotencyKeysReceived() {
    return deliveryKeys;
  }

  @Override
  public ChannelSettings refusingReceiver(boolean permanently) {
    return channelWithUrl(tracked(request -> request.response().setStatusCode(permanently ? 422 : 503).end()));
  }

  @Override
  public ChannelSettings unreachableReceiver() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return new ChannelSettings("ch1", type(), "Shop", SECRET,
          new JsonObject().put("webhookUrl", "http://127.0.0.1:" + socket.getLocalPort() + "/gone"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public ContactIdentity customerAddress() {
    return ContactIdentity.email("ana@example.com");
  }

  private HttpServer tracked(io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> handler) {
    try {
      HttpServer server = receiver(handler);
      receivers.add(server);
      return server;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public WebhookInbound inbound() {
    return outbound().webhook().orElseThrow();
  }

  @Override
  public ChannelSettings channel() {
    return channel;
  }

  @Override
  public WebhookRequest validRequest(String externalId, Instant now) {
    return signed(new JsonObject().put("externalId", externalId)
        .put("from", new JsonObject().put("email", "Ana@Example.com").put("name", "Ana"))
        .put("text", "hello"), now);
  }

  @Override
  public WebhookRequest tamperedRequest(String externalId, Instant now) {
    WebhookRequest valid = validRequest(externalId, now);
    Buffer changed = Buffer.buffer(valid.body().toString().replace("hello", "hellO"));
    return new WebhookRequest(valid.url(), valid.headers(), valid.query(), changed, now);
  }

  @Override
  public WebhookRequest signedRequest(Buffer body, Instant now) {
    return signed(body, now);
  }

  private static WebhookRequest signed(JsonObject body, Instant now) {
    return signed(body.toBuffer(), now);
  }

  private static WebhookRequest signed(Buffer bytes, Instant now) {
    long ts = now.getEpochSecond();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add(WebhookSignature.TIMESTAMP_HEADER, Long.toString(ts))
        .add(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(SECRET, ts, bytes));
    return new WebhookRequest("http://localhost/webhooks/api/ch1", headers, MultiMap.caseInsensitiveMultiMap(), bytes, now);
  }

  @Test
  void parsesEveryDocumentedField() {
    Instant now = Instant.parse("2026-11-25T10:00:00Z");
    InboundMessage message = inbound().parse(signed(new JsonObject()
        .put("externalId", "msg-123")
        .put("from", new JsonObject().put("email", "ana@example.com").put("phone", "+49 151 1234 5678")
            .put("externalUserId", "user-7").put("name", "Ana Lima"))
        .put("text", "Where is my order?")
        .put("threadKey", "order-42")
        .put("sentAt", "2026-11-25T09:59:00Z"), now), channel);

    assertThat(message.externalId()).isEqualTo("msg-123");
    assertThat(message.sender().displayName()).isEqualTo("Ana Lima");
    assertThat(message.sender().identities()).extracting(ContactIdentity::kind)
        .containsExactly(IdentityKind.EMAIL, IdentityKind.PHONE, IdentityKind.EXTERNAL);
    assertThat(message.thread().follows()).containsExactly("api:ch1:order-42");
    assertThat(message.thread().registers()).containsExactly("api:ch1:order-42");
    assertThat(message.sentAt()).isEqualTo(Instant.parse("2026-11-25T09:59:00Z"));
  }

  @Test
  void rejectsAStaleTimestampEvenWhenCorrectlySigned() {
    Instant signedAt = Instant.parse("2026-11-25T10:00:00Z");
    WebhookRequest old = validRequest("late", signedAt);
    WebhookRequest arrivingLate = new WebhookRequest(old.url(), old.headers(), old.query(), old.body(), signedAt.plusSeconds(600));

    assertThatThrownBy(() -> inbound().parse(arrivingLate, channel))
        .isInstanceOfSatisfying(InputRejectedException.class, e -> assertThat(e.code()).isEqualTo("stale_timestamp"));
  }

  @Test
  void namesTheFieldThatIsWrong() {
    Instant now = Instant.parse("2026-11-25T10:00:00Z");
    assertRejectedField(new JsonObject().put("from", new JsonObject().put("email", "a@b.c")).put("text", "x"), now, "externalId");
    assertRejectedField(new JsonObject().put("externalId", 5).put("from", new JsonObject().put("email", "a@b.c")).put("text", "x"), now, "externalId");
    assertRejectedField(new JsonObject().put("externalId", "e").put("text", "x"), now, "from");
    assertRejectedField(new JsonObject().put("externalId", "e").put("from", new JsonObject().put("name", "n")).put("text", "x"), now, "from");
    assertRejectedField(new JsonObject().put("externalId", "e").put("from", new JsonObject().put("email", 12)).put("text", "x"), now, "from.email");
    assertRejectedField(new JsonObject().put("externalId", "e").put("from", new JsonObject().put("email", "a@b.c")), now, "text");
    assertRejectedField(new JsonObject().put("externalId", "e").put("from", new JsonObject().put("email", "a@b.c")).put("text", "x")
        .put("sentAt", "yesterday"), now, "sentAt");
  }

  private void assertRejectedField(JsonObject body, Instant now, String field) {
    assertThatThrownBy(() -> inbound().parse(signed(body, now), channel))
        .isInstanceOfSatisfying(InputRejectedException.class, e -> {
          assertThat(e.kind()).isEqualTo(InputRejectedException.Kind.INVALID);
          assertThat(e.field()).isEqualTo(field);
        });
  }

  @Test
  void refusesAWebhookUrlThatIsNotHttp() {
    assertThatThrownBy(() -> outbound().validateOptions(new JsonObject().put("webhookUrl", "ftp://example.com/x")))
        .isInstanceOfSatisfying(InputRejectedException.class, e -> assertThat(e.field()).isEqualTo("webhookUrl"));
    assertThat(outbound().validateOptions(new JsonObject().put("webhookUrl", "https://example.com/hook").put("junk", 1)))
        .isEqualTo(new JsonObject().put("webhookUrl", "https://example.com/hook"));
  }

  @Test
  void deliversASignedReplyThatTheReceiverCanVerify() throws Exception {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    HttpServer receiver = receiver(request -> request.body().onSuccess(body -> {
      WebhookSignature.verify(SECRET, request.headers(), body, Instant.now());
      assertThat(request.getHeader(SignedWebhookClient.DELIVERY_HEADER)).isEqualTo("m-1");
      received.add(body.toJsonObject());
      request.response().putHeader("Content-Type", "application/json").end("{\"id\":\"remote-9\"}");
    }));
    try {
      DeliveryReceipt receipt = outbound().deliver(reply("m-1"), channelWithUrl(receiver)).await(10, TimeUnit.SECONDS);

      assertThat(receipt.outcome()).isEqualTo(DeliveryReceipt.Outcome.SENT);
      assertThat(receipt.providerMessageId()).isEqualTo("remote-9");
      assertThat(received).singleElement().satisfies(json -> {
        assertThat(json.getString("event")).isEqualTo("message.created");
        assertThat(json.getJsonObject("message").getString("text")).isEqualTo("Your order ships today.");
        assertThat(json.getJsonObject("customer").getJsonArray("identities").getJsonObject(0).getString("value"))
            .isEqualTo("ana@example.com");
      });
    } finally {
      receiver.close().await(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void classifiesReceiverFailuresAsRetryableOrPermanent() throws Exception {
    AtomicInteger status = new AtomicInteger(503);
    HttpServer receiver = receiver(request -> request.response().setStatusCode(status.get()).end());
    try {
      ChannelSettings target = channelWithUrl(receiver);
      assertDeliveryFails(target, true);
      status.set(429);
      assertDeliveryFails(target, true);
      status.set(400);
      assertDeliveryFails(target, false);
      status.set(410);
      assertDeliveryFails(target, false);
    } finally {
      receiver.close().await(5, TimeUnit.SECONDS);
    }
    // Nobody listens any more: a network error is retryable.
    assertDeliveryFails(new ChannelSettings("ch1", type(), "Shop", SECRET,
        new JsonObject().put("webhookUrl", "http://127.0.0.1:" + receiver.actualPort() + "/gone")), true);
  }

  @Test
  void skipsDeliveryWhenTheIntegrationHasNoWebhookUrl() throws Exception {
    DeliveryReceipt receipt = outbound().deliver(reply("m-2"), channel).await(5, TimeUnit.SECONDS);
    assertThat(receipt.outcome()).isEqualTo(DeliveryReceipt.Outcome.SKIPPED);
  }

  private void assertDeliveryFails(ChannelSettings target, boolean retryable) {
    assertThatThrownBy(() -> outbound().deliver(reply("m-3"), target).await(10, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isEqualTo(retryable));
  }

  private OutboundMessage reply(String id) {
    return new OutboundMessage(id, "conv-1", "cust-1", channelRef(),
        Contact.of("Ana", ContactIdentity.email("ana@example.com")), "Your order ships today.", null, List.of(),
        new AuthorRef("agent", "agent-1", "Bo"), Instant.now(), Map.of(), null, null, null);
  }

  private dev.omnihub.adapters.spi.ChannelRef channelRef() {
    return new dev.omnihub.adapters.spi.ChannelRef(type(), "ch1");
  }

  private ChannelSettings channelWithUrl(HttpServer receiver) {
    return new ChannelSettings("ch1", type(), "Shop", SECRET,
        new JsonObject().put("webhookUrl", "http://127.0.0.1:" + receiver.actualPort() + "/hook"));
  }

  private static HttpServer receiver(io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> handler) throws Exception {
    return vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
  }
}
