package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.FileDownloads;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.attachments.AttachmentStore;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.events.PublishingStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

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
        .onSuccess(file -> FileDownloads.send(ctx, file.fileName(), file.contentType(), file.content()))
        .onFailure(ctx::fail);
  }
}
