package dev.omnihub.hub.channel;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.omnihub.adapters.spi.AdapterState;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.bson.Document;

/** {@link AdapterState} in the {@code adapter_state} collection, one document per channel and key. */
public final class AdapterStateStore implements AdapterState {

  private final MongoStore store;
  private final MongoCollection<Document> states;

  public AdapterStateStore(MongoStore store) {
    this.store = store;
    this.states = store.collection(Collections.ADAPTER_STATE);
  }

  @Override
  public Future<JsonObject> read(String channelId, String key) {
    return store.read(() -> {
      Document found = states.find(Filters.eq("_id", id(channelId, key))).first();
      return found == null || !(found.get("value") instanceof Document value) ? new JsonObject() : new JsonObject(value.toJson());
    });
  }

  @Override
  public Future<Void> write(String channelId, String key, JsonObject value) {
    return store.write(() -> {
      states.replaceOne(Filters.eq("_id", id(channelId, key)),
          new Document("_id", id(channelId, key)).append("channelId", channelId).append("value", Document.parse(value.encode())),
          new ReplaceOptions().upsert(true));
      return null;
    });
  }

  private static String id(String channelId, String key) {
    return channelId + "/" + key;
  }
}
