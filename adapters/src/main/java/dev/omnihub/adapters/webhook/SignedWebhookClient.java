package dev.omnihub.adapters.webhook;

import dev.omnihub.adapters.spi.DeliveryException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;

/**
 * Posts signed JSON to a receiver's URL (integration and bot webhooks) and classifies the answer:
 * 2xx is delivered; 408, 425, 429, 5xx and network errors are worth retrying; any other status is not.
 */
public final class SignedWebhookClient {

  public static final String EVENT_HEADER = "X-OmniHub-Event";
  public static final String DELIVERY_HEADER = "X-OmniHub-Delivery";

  private final WebClient client;
  private final OutboundAddresses addresses;
  private final Clock clock;
  private final long timeoutMillis;

  public SignedWebhookClient(Vertx vertx, Clock clock, long timeoutMillis) {
    this(vertx, clock, timeoutMillis, true);
  }

  /** @param allowPrivateNetworks whether receivers on this machine or a private network are allowed */
  public SignedWebhookClient(Vertx vertx, Clock clock, long timeoutMillis, boolean allowPrivateNetworks) {
    this.addresses = new OutboundAddresses(vertx, allowPrivateNetworks);
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setUserAgent("OmniHub-Webhook/1")
        .setConnectTimeout((int) Math.min(timeoutMillis, Integer.MAX_VALUE))
        .setFollowRedirects(false));
    this.clock = clock;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Signs and posts {@code payload}.
   *
   * @param deliveryId a stable id for this delivery, sent as {@value #DELIVERY_HEADER} so receivers can
   *                   drop retries they already processed
   * @return the response body on 2xx; otherwise fails with {@link DeliveryException}
   */
  public Future<Buffer> post(String url, String secret, String event, String deliveryId, JsonObject payload) {
    Buffer body = payload.toBuffer();
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest<Buffer> request;
    try {
      request = client.postAbs(url);
    } catch (RuntimeException e) {
      return Future.failedFuture(DeliveryException.permanent("webhook URL '" + url + "' is not usable: " + e.getMessage()));
    }
    request.timeout(timeoutMillis)
        .putHeader("Content-Type", "application/json")
        .putHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
        .putHeader(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body))
        .putHeader(EVENT_HEADER, event)
        .putHeader(DELIVERY_HEADER, deliveryId);
    // Vetted at every delivery: the name may resolve elsewhere than when the URL was given.
    return addresses.vet(url)
        .recover(refused -> Future.failedFuture(DeliveryException.permanent(refused.getMessage())))
        .compose(allowed -> request.sendBuffer(body)
            .recover(error -> Future.failedFuture(DeliveryException.retryable("POST " + url + " failed: " + error.getMessage(), error))))
        .compose(SignedWebhookClient::classify);
  }

  public void close() {
    client.close();
  }

  private static Future<Buffer> classify(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return Future.succeededFuture(response.body() == null ? Buffer.buffer() : response.body());
    }
    String message = "receiver answered HTTP " + status;
    return Future.failedFuture(isRetryable(status) ? DeliveryException.retryable(message) : DeliveryException.permanent(message));
  }

  static boolean isRetryable(int status) {
    return status == 408 || status == 425 || status == 429 || status >= 500;
  }
}
