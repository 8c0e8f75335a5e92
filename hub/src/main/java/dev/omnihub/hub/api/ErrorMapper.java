package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.ForbiddenException;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.adapters.spi.RateLimitedException;
import dev.omnihub.hub.errors.ConflictException;
import dev.omnihub.hub.errors.OverloadedException;
import dev.omnihub.hub.net.ClientOrigin;
import dev.omnihub.hub.store.StoreUnavailableException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: {@code {"error": {"code", "message", "field"}}}
 * with the status API.md assigns. Anything unexpected is a 500 with a reference to the log line,
 * never a stack trace.
 */
public final class ErrorMapper {

  private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {
  }

  /** The router's failure handler. */
  public static void handle(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    Throwable failure = ctx.failure();
    if (failure == null) {
      respondToStatus(ctx, ctx.statusCode());
      return;
    }
    switch (failure) {
      case InputRejectedException e -> send(ctx, statusOf(e), e.code(), e.getMessage(), e.field());
      case NotFoundException e -> send(ctx, 404, e.code(), e.getMessage(), null);
      case ConflictException e -> send(ctx, 409, e.code(), e.getMessage(), null);
      case ForbiddenException e -> send(ctx, 403, "forbidden", e.getMessage(), null);
      case RateLimitedException e -> {
        ctx.response().putHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        send(ctx, 429, "rate_limited", e.getMessage(), null);
      }
      case OverloadedException e -> {
        ctx.response().putHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        send(ctx, 503, "overloaded", e.getMessage(), null);
      }
      case StoreUnavailableException e -> {
        log.warn("Store unavailable for {} {} from {}: {}", ctx.request().method(), ctx.request().path(), ClientOrigin.of(ctx).address(),
            e.getMessage());
        ctx.response().putHeader("Retry-After", "5");
        send(ctx, 503, "store_unavailable", "the store is not available right now; nothing was changed, try again", null);
      }
      case HttpException e -> respondToStatus(ctx, e.getStatusCode());
      default -> {
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected failure on {} {} from {} (reference {})", ctx.request().method(), ctx.request().path(),
            ClientOrigin.of(ctx).address(), reference, failure);
        send(ctx, 500, "internal_error", "internal error; reference " + reference, null);
      }
    }
  }

  private static void respondToStatus(RoutingContext ctx, int status) {
    switch (status) {
      case 413 -> send(ctx, 413, "payload_too_large", "the request body is larger than this endpoint accepts", null);
      case 404 -> send(ctx, 404, "not_found", "no such route: " + ctx.request().method() + " " + ctx.request().path(), null);
      case 405 -> send(ctx, 405, "method_not_allowed", ctx.request().method() + " is not allowed on " + ctx.request().path(), null);
      case 400 -> send(ctx, 400, "bad_request", "the request could not be read", null);
      case 401 -> send(ctx, 401, "unauthenticated", "authentication is required", null);
      case 403 -> send(ctx, 403, "forbidden", "not allowed", null);
      default -> send(ctx, status >= 400 ? status : 500, "http_" + status, "request failed with status " + status, null);
    }
  }

  private static int statusOf(InputRejectedException e) {
    return switch (e.kind()) {
      case INVALID -> 400;
      case UNAUTHENTICATED -> 401;
      case TOO_LARGE -> 413;
    };
  }

  static void send(RoutingContext ctx, int status, String code, String message, String field) {
    JsonObject error = new JsonObject().put("code", code).put("message", message);
    if (field != null) {
      error.put("field", field);
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", error).toBuffer());
  }
}
