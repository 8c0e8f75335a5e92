package dev.omnihub.hub.events;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the event log for one reader (a socket, the reactions): hands it every event after a
 * cursor, in cursor order, up to the log's horizon only (so an event whose write finished late is
 * never skipped), from memory or from the store, 500 at a time, one batch after the other. Every
 * settled write wakes it (coalesced); it pauses while the reader is blocked (a socket's full write
 * queue) until {@link #pump} is called again. A batch the reader fails is handed over again a second
 * later. Runs on the context it was made on.
 */
public final class LogFollower {

  private static final Logger log = LoggerFactory.getLogger(LogFollower.class);
  private static final int BATCH = 500;
  private static final long RETRY_MILLIS = 1_000;

  private final Vertx vertx;
  private final Context context;
  private final EventLog events;
  private final String reader;
  private final Function<List<EventLog.Logged>, Future<Void>> deliver;
  private final BooleanSupplier blocked;
  private final boolean framed;
  private final AtomicBoolean wakeScheduled = new AtomicBoolean();
  private final Runnable wake = this::scheduleWake;
  private long delivered;
  private boolean pumping;
  private boolean pumpAgain;
  private boolean stopped;

  /**
   * @param reader  who follows, for the log
   * @param deliver takes each batch of events after the starting cursor; a failed future hands the
   *                batch over again
   * @param blocked true while nothing should be handed over
   * @param framed  whether the reader sends the events' frames (a socket): what is read from the store
   *                comes with its frame encoded off the event loop
   */
  public LogFollower(Vertx vertx, EventLog events, String reader, Function<List<EventLog.Logged>, Future<Void>> deliver,
      BooleanSupplier blocked, boolean framed) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.events = events;
    this.reader = reader;
    this.deliver = deliver;
    this.blocked = blocked;
    this.framed = framed;
  }

  /** A follower that sends the events' frames one by one, at once (a socket). */
  public static LogFollower eachFrame(Vertx vertx, EventLog events, String reader, Consumer<EventLog.Logged> deliver,
      BooleanSupplier blocked) {
    return new LogFollower(vertx, events, reader, batch -> {
      batch.forEach(deliver);
      return Future.succeededFuture();
    }, blocked, true);
  }

  /** Starts following after {@code cursor}. */
  public void start(long cursor) {
    delivered = cursor;
    events.onHorizonMoved(wake);
    pump();
  }

  public void stop() {
    stopped = true;
    events.removeListener(wake);
  }

  private void scheduleWake() {
    if (wakeScheduled.compareAndSet(false, true)) {
      context.runOnContext(ignored -> {
        wakeScheduled.set(false);
        pump();
      });
    }
  }

  /** Hands over what lies between the last delivered cursor and the horizon, a batch at a time. */
  public void pump() {
    if (stopped) {
      return;
    }
    if (pumping) {
      pumpAgain = true;
      return;
    }
    long upTo = events.horizon();
    if (delivered >= upTo || blocked.getAsBoolean()) {
      return;
    }
    pumping = true;
    long after = delivered;
    events.readBetween(after, upTo, BATCH, framed).compose(found -> deliver.apply(found).map(found)).onComplete(result -> {
      pumping = false;
      if (stopped) {
        return;
      }
      if (result.failed()) {
        log.warn("Following the event log for {} stopped after cursor {}, going on in a second: {}", reader, EventLog.token(after),
            result.cause().toString());
        vertx.setTimer(RETRY_MILLIS, id -> pump());
        return;
      }
      List<EventLog.Logged> found = result.result();
      delivered = found.size() < BATCH ? upTo : found.get(found.size() - 1).cursor();
      if (pumpAgain || found.size() == BATCH || events.horizon() > delivered) {
        pumpAgain = false;
        pump();
      }
    });
  }
}
