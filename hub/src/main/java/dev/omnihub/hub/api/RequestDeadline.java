package dev.omnihub.hub.api;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * A request must be answered within a deadline, body included: one that trickles its body in (a byte
 * now and then, never idle long enough for the idle timeout) gets 408 and its connection closed,
 * instead of holding a connection and a buffer for as long as it likes. The clock stops once the
 * answer's headers are sent, so a large download is not cut off.
 */
final class RequestDeadline {

  private RequestDeadline() {
  }

  static Handler<RoutingContext> of(Duration deadline) {
    long millis = deadline.toMillis();
    return ctx -> {
      long timer = ctx.vertx().setTimer(millis, fired -> {
        if (ctx.response().headWritten() || ctx.response().closed()) {
          return;
        }
        String body = new JsonObject().put("error", new JsonObject().put("code", "request_timeout")
            .put("message", "the request was not complete within " + deadline.toSeconds() + " s")).encode();
        ctx.response().setStatusCode(408).putHeader("Content-Type", "application/json").putHeader("Connection", "close")
            .end(body).onComplete(ended -> ctx.request().connection().close());
      });
      ctx.addHeadersEndHandler(ended -> ctx.vertx().cancelTimer(timer));
      ctx.addEndHandler(ended -> ctx.vertx().cancelTimer(timer));
      ctx.next();
    };
  }
}
