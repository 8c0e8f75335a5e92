package dev.omnihub.hub.channel;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.omnihub.adapters.spi.ChannelHealth;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.MongoStore;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what adapters report about their listeners and pollers in {@code channel_status}, so that
 * {@code GET /api/v1/channels/{id}} shows it whichever node polls the mailbox. Only changes are
 * written: a poller that fails every minute with the same error writes once.
 */
public final class ChannelHealthBoard implements ChannelHealth {

  private static final Logger log = LoggerFactory.getLogger(ChannelHealthBoard.class);

  private record State(boolean ok, String error) {
  }

  private final MongoStore store;
  private final MongoCollection<Document> statuses;
  private final Clock clock;
  private final Map<String, State> lastWritten = new ConcurrentHashMap<>();

  public ChannelHealthBoard(MongoStore store, Clock clock) {
    this.store = store;
    this.statuses = store.collection(Collections.CHANNEL_STATUS);
    this.clock = clock;
  }

  @Override
  public void healthy(String channelId, String component) {
    report(channelId, component, new State(true, null));
  }

  @Override
  public void failing(String channelId, String component, String error) {
    report(channelId, component, new State(false, error == null ? "unknown error" : error));
  }

  private void report(String channelId, String component, State state) {
    String id = channelId + "/" + component;
    if (Objects.equals(lastWritten.put(id, state), state)) {
      return;
    }
    if (!state.ok()) {
      log.warn("Channel {} {}: {}", channelId, component, state.error());
    }
    Document document = new Document("_id", id).append("channelId", channelId).append("component", component)
        .append("state", state.ok() ? "ok" : "failing").append("error", state.error()).append("since", Docs.date(clock.instant()));
    store.write(() -> statuses.replaceOne(Filters.eq("_id", id), document, new ReplaceOptions().upsert(true)))
        .onFailure(e -> {
          lastWritten.remove(id);
          log.warn("Could not record the status of channel {}: {}", channelId, e.getMessage());
        });
  }

  /**
   * A channel's status for its API view: {@code {state: ok|failing|unknown, components: {imap: {state,
   * error?, since}}}}. Blocking.
   */
  public JsonObject statusOf(String channelId) {
    List<Document> found = statuses.find(Filters.eq("channelId", channelId)).into(new java.util.ArrayList<>());
    JsonObject components = new JsonObject();
    String overall = found.isEmpty() ? "unknown" : "ok";
    for (Document status : found) {
      JsonObject component = new JsonObject().put("state", status.getString("state")).put("since", Docs.instant(status, "since").toString());
      if (status.getString("error") != null) {
        component.put("error", status.getString("error"));
      }
      if ("failing".equals(status.getString("state"))) {
        overall = "failing";
      }
      components.put(status.getString("component"), component);
    }
    return new JsonObject().put("state", overall).put("components", components);
  }
}
