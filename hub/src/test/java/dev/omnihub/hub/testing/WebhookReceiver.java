package dev.omnihub.hub.testing;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.webhook.WebhookSignature;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * An integration's endpoint: a real HTTP server that verifies the hub's signature with the channel
 * secret (answering 401 when it does not match) and answers with a scripted status.
 */
public final class WebhookReceiver implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final List<JsonObject> accepted = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger badSignatures = new AtomicInteger();
  private volatile String secret;
  private volatile IntSupplier status = () -> 200;
  private volatile long delayMillis;
  private volatile java.util.function.Consumer<JsonObject> onAccepted = body -> { };
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final HttpServer server;

  public WebhookReceiver() {
    try {
      server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
        requests.incrementAndGet();
        try {
          WebhookSignature.verify(secret, request.headers(), body, Instant.now());
        } catch (InputRejectedException e) {
          badSignatures.incrementAndGet();
          request.response().setStatusCode(401).end();
          return;
        }
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        Runnable respond = () -> {
          inFlight.decrementAndGet();
          int code = status.getAsInt();
          if (code == 200) {
            JsonObject delivered = body.toJsonObject().put("deliveryHeader", request.getHeader("X-OmniHub-Delivery"));
            accepted.add(delivered);
            java.util.concurrent.CompletableFuture.runAsync(() -> onAccepted.accept(delivered));
            request.response().putHeader("Content-Type", "application/json").end("{\"id\":\"remote-" + accepted.size() + "\"}");
          } else {
            request.response().setStatusCode(code).end();
          }
        };
        if (delayMillis > 0) {
          vertx.setTimer(delayMillis, id -> respond.run());
        } else {
          respond.run();
        }
      })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/hook";
  }

  public void expectSecret(String secret) {
    this.secret = secret;
  }

  /** The status to answer each request with (called once per request). */
  public void answer(IntSupplier status) {
    this.status = status;
  }

  /** Does something with each accepted delivery, off the receiver's thread (an auto-responder writes back). */
  public void onAccepted(java.util.function.Consumer<JsonObject> then) {
    this.onAccepted = then;
  }

  /** Answers each request only after this long, so that deliveries overlap. */
  public void respondAfter(long millis) {
    this.delayMillis = millis;
  }

  /** The most requests that were being answered at one time. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  public List<JsonObject> accepted() {
    return accepted;
  }

  public int requests() {
    return requests.get();
  }

  public int badSignatures() {
    return badSignatures.get();
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
