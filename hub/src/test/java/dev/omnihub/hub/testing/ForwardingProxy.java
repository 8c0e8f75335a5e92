package dev.omnihub.hub.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * A real reverse proxy (Vert.x's) in front of a hub, on 127.0.0.1, configured as sites configure
 * nginx in front of an application that ends TLS: it appends the address it received the request
 * from to {@code X-Forwarded-For} ({@code $proxy_add_x_forwarded_for}) and sets
 * {@code X-Forwarded-Proto: https}.
 */
public final class ForwardingProxy implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;

  public ForwardingProxy(int hubPort) {
    HttpClient toHub = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(64));
    HttpProxy proxy = HttpProxy.reverseProxy(toHub).origin(hubPort, "127.0.0.1");
    proxy.addInterceptor(new ProxyInterceptor() {
      @Override
      public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        ProxyRequest request = context.request();
        String client = request.proxiedRequest().remoteAddress().hostAddress();
        String earlier = request.headers().get("X-Forwarded-For");
        request.headers().set("X-Forwarded-For", earlier == null ? client : earlier + ", " + client);
        request.headers().set("X-Forwarded-Proto", "https");
        return context.sendRequest();
      }
    });
    server = vertx.createHttpServer().requestHandler(proxy).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
