package dev.omnihub.adapters.spi;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** The HTTP answer a webhook adapter wants sent back to its channel. */
public record WebhookResponse(int status, String contentType, Buffer body) {

  public static WebhookResponse json(int status, JsonObject body) {
    return new WebhookResponse(status, "application/json", body.toBuffer());
  }

  public static WebhookResponse text(int status, String body) {
    return new WebhookResponse(status, "text/plain; charset=utf-8", Buffer.buffer(body));
  }
}
