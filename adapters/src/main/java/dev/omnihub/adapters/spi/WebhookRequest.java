package dev.omnihub.adapters.spi;

import io.netty.buffer.ByteBuf;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
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

  /**
   * The body's bytes, shared with the request where its buffer holds exactly them (the hub reads a
   * large body into a buffer of its declared length), else a copy: a 15 MiB transcript is not copied
   * once more. Read them; never change them.
   */
  public byte[] bodyBytes() {
    if (body instanceof BufferInternal internal) {
      ByteBuf bytes = internal.getByteBuf();
      if (bytes.hasArray() && bytes.arrayOffset() == 0 && bytes.readerIndex() == 0 && bytes.array().length == bytes.readableBytes()) {
        return bytes.array();
      }
    }
    return body.getBytes();
  }
}
