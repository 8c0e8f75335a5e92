package dev.omnihub.hub.realtime;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The website widget's routes: {@code GET /widget.js} is the script a site embeds; the session, the
 * chat socket, a visitor's files and the help center are each mounted by their own class, which gets
 * only its feature's part of {@link WidgetServices}.
 */
public final class WidgetRoutes {

  private final Vertx vertx;
  private final WidgetServices services;
  private final AtomicInteger openConnections;

  public WidgetRoutes(Vertx vertx, WidgetServices services, AtomicInteger openConnections) {
    this.vertx = vertx;
    this.services = services;
    this.openConnections = openConnections;
  }

  public void mount(Router router) {
    Buffer script = WidgetScript.load();
    router.get("/widget.js").handler(ctx -> ctx.response().putHeader("Content-Type", "text/javascript; charset=utf-8")
        // Any site may load the script; what it may do is decided by the session and the socket.
        .putHeader("Access-Control-Allow-Origin", "*").putHeader("Cache-Control", "public, max-age=300").end(script));
    new WidgetSessionRoutes(services.sessions()).mount(router);
    new WidgetSocketRoute(vertx, services.chat(), openConnections).mount(router);
    new WidgetFileRoutes(services.files()).mount(router);
    new HelpCenterRoutes(vertx, services.helpCenter()).mount(router);
  }
}
