package dev.omnihub.adapters.spi;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Small durable state an adapter keeps per channel (a poller's position). Writes complete once they
 * are durable, so a position written after the messages it covers were ingested survives any crash.
 */
public interface AdapterState {

  /** The value stored under the key, or an empty object. */
  Future<JsonObject> read(String channelId, String key);

  Future<Void> write(String channelId, String key, JsonObject value);
}
