package dev.omnihub.hub.api;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Closes a connection whose request was answered before its body was read. Closing at once leaves the
 * sender's bytes unread, the kernel answers them with a reset, and a reset can destroy the answer before
 * the sender reads it: it would see a dropped connection instead of the 413 that says why. So the rest
 * of the body is read and dropped until it ends or the linger runs out, as nginx and Apache do.
 */
final class LingeringClose {

  private LingeringClose() {
  }

  static void of(RoutingContext ctx, Duration linger) {
    HttpServerRequest request = ctx.request();
    HttpConnection connection = request.connection();
    if (request.isEnded()) {
      connection.close();
      return;
    }
    long timer = ctx.vertx().setTimer(linger.toMillis(), expired -> connection.close());
    request.exceptionHandler(failed -> ctx.vertx().cancelTimer(timer));
    request.handler(dropped -> {
    }).endHandler(ended -> {
      ctx.vertx().cancelTimer(timer);
      connection.close();
    });
    request.resume();
  }
}
