package dev.omnihub.adapters.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.omnihub.adapters.spi.ChannelAdapter;
import dev.omnihub.adapters.spi.ChannelSettings;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.DeliveryReceipt;
import dev.omnihub.adapters.spi.OutboundDeliveryContract;
import dev.omnihub.adapters.spi.OutboundMessage;
import dev.omnihub.adapters.spi.TestAdapterContext;
import dev.omnihub.adapters.spi.WebhookInbound;
import dev.omnihub.adapters.spi.WebhookInboundContract;
import dev.omnihub.adapters.spi.WebhookRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SMS adapter against the webhook contract (Twilio-signed form posts, the signature computed as
 * Twilio's helper libraries compute it), and its deliveries against a real HTTP server shaped like the
 * provider's Messages resource. The provider takes no idempotency key, so "the same key on every attempt" becomes what
 * the adapter does instead: an attempt after one whose answer was lost asks the provider first, and
 * the message is created once.
 */
class SmsChannelAdapterTest implements OutboundDeliveryContract, WebhookInboundContract {

  private static final String ACCOUNT = "AC0123456789abcdef";
  private static final String FROM = "+14155550100";
  private static final String TOKEN = "twilio-auth-token";
  private static final String INBOUND_URL = "https://hub.example.com/webhooks/sms/sms-1";
  private static Vertx vertx;
  private static SmsChannelAdapter adapter;

  /** Messages the accepting provider created, as the provider lists them. */
  private final List<JsonObject> created = new CopyOnWriteArrayList<>();
  private final List<HttpServer> providers = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    adapter = new SmsChannelAdapter();
    adapter.start(new TestAdapterContext(vertx, -1, Path.of("target"))).await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void closeProviders() throws Exception {
    for (HttpServer provider : providers) {
      provider.close().await(5, TimeUnit.SECONDS);
    }
  }

  @Override
  public ChannelAdapter outbound() {
    return adapter;
  }

  @Override
  public ChannelSettings acceptingReceiver() {
    return channel(provider(request -> {
      if ("GET".equals(request.method().name())) {
        JsonArray messages = new JsonArray();
        created.stream().filter(message -> message.getString("to").equals(request.getParam("To"))).forEach(messages::add);
        request.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("messages", messages).encode());
        return;
      }
      request.setExpectMultipart(true);
      request.end().onSuccess(ignored -> {
        JsonObject message = new JsonObject().put("sid", "SM" + (created.size() + 1)).put("to", request.getFormAttribute("To"))
            .put("body", request.getFormAttribute("Body")).put("status", "queued")
            .put("date_created", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        created.add(message);
        request.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(message.encode());
      });
    }));
  }

  /** The sids of the messages the provider created, one per message it took. */
  @Override
  public List<String> idempotencyKeysReceived() {
    return created.stream().map(message -> message.getString("sid")).toList();
  }

  /** 429 is the provider's "try later"; 400 with code 21211 its "invalid To", which no retry mends. */
  @Override
  public ChannelSettings refusingReceiver(boolean permanently) {
    return channel(provider(request -> request.response().setStatusCode(permanently ? 400 : 429).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("code", permanently ? 21211 : 20429).put("message", permanently ? "Invalid 'To' Phone Number"
            : "Too Many Requests").encode())));
  }

  @Override
  public ChannelSettings unreachableReceiver() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return channel(socket.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public ContactIdentity customerAddress() {
    return ContactIdentity.phone("+4915112345678");
  }

  /**
   * In place of the contract's key check: an attempt in doubt (the earlier one's answer was lost)
   * finds the message the provider already created and sends nothing; a new message is sent.
   */
  @Test
  @Override
  public void everyAttemptOfOneDeliveryCarriesTheSameIdempotencyKey() throws Exception {
    ChannelSettings channel = acceptingReceiver();
    Instant before = Instant.now();
    DeliveryReceipt first = adapter.deliver(sample("c2", channel), channel).await(30, TimeUnit.SECONDS);
    DeliveryReceipt again = adapter.deliver(sample("c2", channel).inDoubtSince(before), channel).await(30, TimeUnit.SECONDS);
    OutboundMessage base = sample("c3", channel);
    OutboundMessage other = new OutboundMessage(base.messageId(), base.conversationId(), base.customerId(), base.channel(), base.recipient(),
        "Your refund is on its way.", null, List.of(), base.author(), base.createdAt(), Map.of(), base.to(), null, base.idempotencyKey());
    adapter.deliver(other, channel).await(30, TimeUnit.SECONDS);

    assertThat(again.providerMessageId()).isEqualTo(first.providerMessageId());
    assertThat(idempotencyKeysReceived()).hasSize(2);
  }

  @Override
  public WebhookInbound inbound() {
    return adapter;
  }

  @Override
  public ChannelSettings channel() {
    return channel(1);
  }

  @Override
  public WebhookRequest validRequest(String externalId, Instant now) {
    return signedRequest(Buffer.buffer("MessageSid=" + externalId + "&From=%2B4915112345678&To=%2B14155550100&Body=Is+my+order+shipped%3F"
        + "&NumMedia=0&AccountSid=" + ACCOUNT), now);
  }

  @Override
  public WebhookRequest tamperedRequest(String externalId, Instant now) {
    WebhookRequest valid = validRequest(externalId, now);
    Buffer changed = Buffer.buffer(valid.body().toString().replace("shipped", "shipped+yet"));
    return new WebhookRequest(valid.url(), valid.headers(), valid.query(), changed, now);
  }

  /**
   * Signed as Twilio signs (its security docs, and its helper libraries for repeated parameters): the
   * URL, then each POST parameter's name and value, names sorted, each distinct value once and sorted;
   * HMAC-SHA1 keyed with the auth token; base64.
   */
  @Override
  public WebhookRequest signedRequest(Buffer body, Instant now) {
    Map<String, List<String>> form;
    try {
      form = new QueryStringDecoder("?" + body.toString(StandardCharsets.UTF_8), StandardCharsets.UTF_8).parameters();
    } catch (IllegalArgumentException notAForm) {
      form = Map.of(); // no provider sends such a body; signed over the URL alone, it must still be refused as malformed
    }
    StringBuilder signed = new StringBuilder(INBOUND_URL);
    new TreeMap<>(form).forEach((name, values) -> new TreeSet<>(values).forEach(value -> signed.append(name).append(value)));
    String signature;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      signature = Base64.getEncoder().encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Twilio-Signature", signature)
        .add("Content-Type", "application/x-www-form-urlencoded");
    return new WebhookRequest(INBOUND_URL, headers, MultiMap.caseInsensitiveMultiMap(), body, now);
  }

  private int provider(io.vertx.core.Handler<HttpServerRequest> handler) {
    try {
      HttpServer server = vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
      providers.add(server);
      return server.actualPort();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ChannelSettings channel(int port) {
    return new ChannelSettings("sms-1", ChannelType.SMS, "Support SMS", null, new SmsSettings(ACCOUNT, TOKEN, FROM,
        "http://127.0.0.1:" + port).toJson());
  }
}
