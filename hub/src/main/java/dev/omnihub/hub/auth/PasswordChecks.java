package dev.omnihub.hub.auth;

import dev.omnihub.hub.errors.OverloadedException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where password hashes are checked: a small pool of its own with a short queue. Argon2 takes tens of
 * milliseconds of CPU on purpose; on the store's executor a few hundred parallel logins stalled every
 * store call (ingest included). Beyond the queue a login is refused at once with 503 and
 * {@code Retry-After} rather than waiting behind the others.
 */
public final class PasswordChecks implements AutoCloseable {

  static final int QUEUE = 32;

  private final Vertx vertx;
  private final ThreadPoolExecutor pool;

  public PasswordChecks(Vertx vertx) {
    this.vertx = vertx;
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
        Thread.ofPlatform().name("omnihub-password-", 0).daemon(true).factory());
  }

  /** Runs the check off the event loop; completes on the caller's context. */
  public <T> Future<T> run(Callable<T> check) {
    Context context = vertx.getOrCreateContext();
    Promise<T> promise = Promise.promise();
    try {
      pool.execute(() -> {
        try {
          T result = check.call();
          context.runOnContext(ignored -> promise.complete(result));
        } catch (Throwable e) {
          context.runOnContext(ignored -> promise.fail(e));
        }
      });
    } catch (RejectedExecutionException full) {
      return Future.failedFuture(new OverloadedException("too many logins at once; try again in a second", 1));
    }
    return promise.future();
  }

  @Override
  public void close() {
    pool.shutdown();
  }
}
