package dev.omnihub.adapters.spi;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * How the hub hands out a stored file, to an agent or a visitor: always as a download, sandboxed and
 * never sniffed, so a file a customer sent cannot run as a page of the hub's origin.
 */
public final class FileDownloads {

  private FileDownloads() {
  }

  public static void send(RoutingContext ctx, String fileName, String contentType, byte[] content) {
    ctx.response()
        .putHeader("Content-Type", contentType)
        .putHeader("Content-Disposition", "attachment; filename*=UTF-8''" + URLEncoder.encode(
            fileName == null ? "attachment" : fileName, StandardCharsets.UTF_8).replace("+", "%20"))
        .putHeader("Content-Security-Policy", "sandbox")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Cache-Control", "private, max-age=3600")
        .end(Buffer.buffer(content));
  }
}
