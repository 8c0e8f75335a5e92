package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.FileDownloads;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.attachments.AttachmentStore;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.events.PublishingStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code GET /api/v1/attachments/{id}}: a file a customer sent, for agents. Always served as a
 * download in a sandbox: a customer's HTML or SVG never runs in the console's origin.
 * {@code POST /api/v1/uploads?fileName=}: an agent's file (the raw body, its type in
 * {@code Content-Type}), pending until a reply or note carries it ({@code attachmentIds}).
 */
final class AttachmentRoutes {

  static final String UPLOADS = "/api/v1/uploads";
  private static final int MAX_FILE_NAME = 255;
  private static final int MAX_CONTENT_TYPE = 127;
  /** How long the rest of a refused upload is read and dropped (nginx's {@code lingering_time} is 30 s). */
  private static final Duration LINGER = Duration.ofSeconds(10);

  private final PublishingStore store;
  private final AttachmentStore files;
  private final Clock clock;

  AttachmentRoutes(PublishingStore store, AttachmentStore files, Clock clock) {
    this.store = store;
    this.files = files;
    this.clock = clock;
  }

  void mount(Router router, Authentication auth, ScopeGate scope) {
    router.get("/api/v1/attachments/:id").handler(auth.require(Role.AGENT)).handler(scope.attachment()).handler(this::download);
    router.post(UPLOADS).handler(auth.require(Role.AGENT)).handler(scope.unscopedOnly()).handler(this::upload);
  }

  /** The body limit of uploads: a file as large as the hub keeps, where the rest of the API takes {@code MAX_BODY_BYTES}. */
  static BodyHandler uploadBody() {
    return BodyHandler.create(false).setBodyLimit(AttachmentStore.MAX_FILE_BYTES);
  }

  /**
   * A file declared larger than the limit is refused before a byte is kept, and the connection closed
   * after a lingering close: otherwise the sender goes on sending what nobody reads until the idle timeout.
   */
  static void refuseDeclaredTooLarge(RoutingContext ctx) {
    String declared = ctx.request().getHeader("Content-Length");
    if (declared != null && declared.matches("\\d{1,18}") && Long.parseLong(declared) > AttachmentStore.MAX_FILE_BYTES) {
      ctx.response().putHeader("Connection", "close").endHandler(answered -> LingeringClose.of(ctx, LINGER));
      ctx.fail(InputRejectedException.tooLarge("the file has " + declared + " bytes; at most " + AttachmentStore.MAX_FILE_BYTES
          + " are kept"));
      return;
    }
    ctx.next();
  }

  private void upload(RoutingContext ctx) {
    String fileName = Requests.query(ctx, "fileName");
    if (fileName == null || fileName.isBlank() || fileName.length() > MAX_FILE_NAME || fileName.chars().anyMatch(c -> c < 0x20)) {
      throw InputRejectedException.invalid("fileName", "fileName is required: the file's name, 1 to " + MAX_FILE_NAME
          + " characters without control characters");
    }
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType == null || contentType.isBlank()) {
      contentType = "application/octet-stream";
    } else if (contentType.length() > MAX_CONTENT_TYPE || !contentType.matches("[\\w.+-]+/[\\w.+-]+(\\s*;.*)?")) {
      throw InputRejectedException.invalid("Content-Type", "Content-Type is the file's media type, like image/png");
    }
    byte[] content = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
    if (content.length == 0) {
      throw InputRejectedException.invalid("body", "the body is the file itself, and it is empty");
    }
    String type = contentType;
    String agent = Requests.principal(ctx).id();
    store.write(() -> files.upload(fileName.strip(), type, content, agent, clock.instant()))
        .onSuccess(upload -> Responses.created(ctx, new JsonObject().put("id", upload.id()).put("fileName", upload.fileName())
            .put("contentType", upload.contentType()).put("size", upload.size())))
        .onFailure(ctx::fail);
  }

  private void download(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "attachment");
    store.read(() -> files.find(id).orElseThrow(() -> new NotFoundException("attachment", id)))
        .onSuccess(file -> FileDownloads.send(ctx, file.fileName(), file.contentType(), file.content()))
        .onFailure(ctx::fail);
  }
}
