package dev.omnihub.adapters.spi;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.Objects;

/**
 * An inbound webhook request as received, before any parsing.
 *
 * @param url        the full public URL the provider called (some signature schemes sign it)
 * @param headers    request headers (case-insensitive)
 * @param query      query parameters
 * @param body       the raw body, exactly as signed
 * @param receivedAt the hub's clock at arrival, for replay windows
 */
public record WebhookRequest(String url, MultiMap headers, MultiMap query, Buffer body, Instant receivedAt) {
  public WebhookRequest {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }
}
