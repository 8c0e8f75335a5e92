package dev.omnihub.hub.api;

import dev.omnihub.hub.HubServices;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/** Serves the REST API, webhooks, health and metrics. One instance per event loop, sharing the port. */
public final class HttpServerVerticle extends VerticleBase {

  private final HubServices hub;
  private final int port;
  private HttpServer server;

  public HttpServerVerticle(HubServices hub, int port) {
    this.hub = hub;
    this.port = port;
  }

  static final int WIDGET_MESSAGE_BYTES = 10 * 1024 * 1024;


  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(hub.config().httpHost())
        .setPort(port)
        .setCompressionSupported(true)
        .setMaxFormAttributeSize(64 * 1024)
        // A widget message may carry a file (base64, up to the chat channel's limit, at most 7 MiB).
        .setMaxWebSocketMessageSize(WIDGET_MESSAGE_BYTES)
        // A connection that sends nothing (a half-open or slow client) is closed; sockets ping well within it.
        .setIdleTimeout((int) hub.config().httpIdleTimeout().toSeconds())
        .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS)
        // HTTP/1.1 only: no protocol sniffing, so a connection is counted (and capped) as soon as it opens.
        .setHttp2ClearTextEnabled(false));
    server.connectionHandler(connection -> {
      // Past the cap a new connection is closed at once, before it can hold memory or a request.
      if (hub.openConnections().incrementAndGet() > hub.config().maxConnections()) {
        connection.close();
      }
      connection.closeHandler(ignored -> hub.openConnections().decrementAndGet());
    });
    return server.requestHandler(ApiRouter.create(vertx, hub)).listen();
  }

  /** The port actually bound (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
