package dev.omnihub.hub.calls;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.omnihub.adapters.spi.CallEvent;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.MongoStore;
import org.bson.Document;

/**
 * {@code calls}: the calls a voice channel reported, by channel and {@code callId}, so an event about a
 * call that never started (a typo, another system's id) is refused instead of popping a screen for
 * nobody. {@code call.started} opens it (again: idempotent); {@code answered} and {@code ended} need
 * it. Blocking.
 */
public final class CallLog {

  private final MongoCollection<Document> calls;

  public CallLog(MongoStore store) {
    this.calls = store.collection(Collections.CALLS);
  }

  /**
   * Records the event on its call.
   *
   * @throws NotFoundException for {@code answered} or {@code ended} of a call never started
   */
  public void record(CallEvent call, String customerId) {
    String id = call.channel().id() + ":" + call.callId();
    String at = switch (call.kind()) {
      case STARTED -> "startedAt";
      case ANSWERED -> "answeredAt";
      case ENDED -> "endedAt";
    };
    if (call.kind() == CallEvent.Kind.STARTED) {
      calls.updateOne(Filters.eq("_id", id), Updates.combine(Updates.setOnInsert("customerId", customerId),
          Updates.setOnInsert("callId", call.callId()), Updates.min(at, Docs.date(call.at()))), new UpdateOptions().upsert(true));
      return;
    }
    if (calls.updateOne(Filters.eq("_id", id), Updates.min(at, Docs.date(call.at()))).getMatchedCount() == 0) {
      throw new NotFoundException("call", call.callId());
    }
  }

  /** Whether the call was reported started on its channel. */
  public boolean known(String channelId, String callId) {
    return calls.find(Filters.eq("_id", channelId + ":" + callId)).projection(new Document("_id", 1)).first() != null;
  }
}
