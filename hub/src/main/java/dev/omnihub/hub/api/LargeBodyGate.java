package dev.omnihub.hub.api;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Handles large webhook bodies (a call transcript of megabytes) a few at a time per node, once read:
 * the others wait, their bodies read, until one is answered, within the request's deadline. Small
 * bodies pass at once; reading is never held back (a sender trickling its body holds up nobody).
 * Measured with {@code bench --event-loop}: three 15 MiB transcripts verified, parsed and stored at
 * once, each with its copies in memory, outran the collector on two cores (allocation stalls of
 * 100–260 ms on the event loops) and stored fewer transcripts a second than one at a time did.
 */
public final class LargeBodyGate {

  private final int permits;
  private final long largeBytes;
  private final Deque<Runnable> waiting = new ArrayDeque<>();
  private int inUse;

  /**
   * @param permits    how many large bodies are taken in at once
   * @param largeBytes a body larger than this is large
   */
  public LargeBodyGate(int permits, long largeBytes) {
    this.permits = permits;
    this.largeBytes = largeBytes;
  }

  /** As many large bodies at once as there are threads to parse them ({@link WebhookRoutes#LARGE_BODY_PARSERS}). */
  public static LargeBodyGate forWebhooks() {
    return new LargeBodyGate(WebhookRoutes.LARGE_BODY_PARSERS, WebhookRoutes.INLINE_PARSE_BYTES);
  }

  /** The handler, after the body is read (and within the request's deadline). */
  Handler<RoutingContext> handler() {
    return this::admit;
  }

  private void admit(RoutingContext ctx) {
    if (!large(ctx)) {
      ctx.next();
      return;
    }
    Context context = Vertx.currentContext();
    Runnable enter = () -> context.runOnContext(ignored -> enter(ctx));
    boolean now;
    synchronized (this) {
      now = inUse < permits;
      if (now) {
        inUse++;
      } else {
        waiting.add(enter);
      }
    }
    if (now) {
      enter(ctx);
    }
  }

  /** Holds a permit until the answer is sent or the connection is gone; one that went while waiting gives it on at once. */
  private void enter(RoutingContext ctx) {
    if (ctx.response().ended() || ctx.response().closed()) {
      release();
      return;
    }
    ctx.addEndHandler(ended -> release());
    ctx.next();
  }

  private void release() {
    Runnable next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        inUse--;
      }
    }
    if (next != null) {
      next.run();
    }
  }

  private boolean large(RoutingContext ctx) {
    return ctx.body().length() > largeBytes;
  }

  /** How many large bodies wait now (what a test looks at). */
  public synchronized int waiting() {
    return waiting.size();
  }
}
