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

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(hub.config().httpHost())
        .setPort(port)
        .setCompressionSupported(true)
        .setMaxFormAttributeSize(64 * 1024));
    return server.requestHandler(ApiRouter.create(vertx, hub)).listen();
  }

  /** The port actually bound (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
