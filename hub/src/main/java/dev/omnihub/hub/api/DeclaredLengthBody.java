package dev.omnihub.hub.api;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a large webhook body into one buffer of its declared length, where Vert.x's body handler
 * starts at 64 KiB and grows by copying (a 15 MiB call transcript was copied about 30 MiB over, a fifth
 * of what the hub allocated taking transcripts, by Flight Recorder); the adapter then reads the
 * buffer's bytes as they are ({@code WebhookRequest.bodyBytes}). Bodies of at most {@code smallBytes},
 * of unknown length or over the limit go on to the body handler (which answers 413 for the last).
 * Marks the body as read through Vert.x Web's internal interface, so the body handler after it passes.
 *
 * <p>A buffer is reserved for what a sender only declared, before it sent anything: so that senders
 * declaring 20 MiB on many connections cannot make the hub reserve without bound, all such buffers of
 * this JVM together stay within {@link #BUDGET_BYTES}; past it a body goes to the body handler, which
 * grows its buffer as the bytes arrive.
 */
final class DeclaredLengthBody implements Handler<RoutingContext> {

  /** A sixteenth of the heap, at most 256 MiB: a few transcripts' worth at once. */
  static final long BUDGET_BYTES = Math.min(256L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 16);
  private static final AtomicLong RESERVED = new AtomicLong();

  private final long smallBytes;
  private final long limitBytes;

  DeclaredLengthBody(long smallBytes, long limitBytes) {
    this.smallBytes = smallBytes;
    this.limitBytes = limitBytes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long declared = declaredLength(ctx);
    if (declared <= smallBytes || declared > limitBytes || ((RoutingContextInternal) ctx).seenHandler(RoutingContextInternal.BODY_HANDLER)) {
      ctx.next();
      return;
    }
    if (RESERVED.addAndGet(declared) > BUDGET_BYTES) {
      RESERVED.addAndGet(-declared);
      ctx.next();
      return;
    }
    // Given back once the request is answered or its connection is gone.
    ctx.addEndHandler(ended -> RESERVED.addAndGet(-declared));
    Buffer body = Buffer.buffer((int) declared);
    ctx.request().handler(body::appendBuffer);
    ctx.request().exceptionHandler(ctx::fail);
    ctx.request().endHandler(ended -> {
      RoutingContextInternal internal = (RoutingContextInternal) ctx;
      internal.visitHandler(RoutingContextInternal.BODY_HANDLER);
      internal.setBody(body);
      ctx.next();
    });
    ctx.request().resume();
  }

  /** The bytes reserved now (what a test looks at). */
  static long reserved() {
    return RESERVED.get();
  }

  private static long declaredLength(RoutingContext ctx) {
    String length = ctx.request().getHeader("Content-Length");
    if (length == null) {
      return -1;
    }
    try {
      return Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
