package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.attachments.AttachmentStore;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.events.PublishingStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/v1/attachments/{id}}: a file a customer sent, for agents. Always served as a
 * download in a sandbox: a customer's HTML or SVG never runs in the console's origin.
 */
final class AttachmentRoutes {

  private final PublishingStore store;
  private final AttachmentStore files;

  AttachmentRoutes(PublishingStore store, AttachmentStore files) {
    this.store = store;
    this.files = files;
  }

  void mount(Router router, Authentication auth, ScopeGate scope) {
    router.get("/api/v1/attachments/:id").handler(auth.require(Role.AGENT)).handler(scope.attachment()).handler(this::download);
  }

  private void download(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "attachment");
    store.read(() -> files.find(id).orElseThrow(() -> new NotFoundException("attachment", id)))
        .onSuccess(file -> ctx.response()
            .putHeader("Content-Type", file.contentType())
            .putHeader("Content-Disposition", "attachment; filename*=UTF-8''" + URLEncoder.encode(
                file.fileName() == null ? "attachment" : file.fileName(), StandardCharsets.UTF_8).replace("+", "%20"))
            .putHeader("Content-Security-Policy", "sandbox")
            .putHeader("Cache-Control", "private, max-age=3600")
            .end(Buffer.buffer(file.content())))
        .onFailure(ctx::fail);
  }
}
