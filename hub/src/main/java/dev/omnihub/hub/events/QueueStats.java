package dev.omnihub.hub.events;

import io.vertx.core.json.JsonObject;

/**
 * A queue's figures changed (API.md "Routing, queues and presence": waiting, longest wait, agents by
 * presence...): for supervisors and admins, at most once a second per queue.
 *
 * @param stats the figures as {@code GET /api/v1/supervisor/queues} shows them
 */
public record QueueStats(JsonObject stats) implements SupervisorsEvent {

  public static final String TYPE = "queue.stats";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String address() {
    return EventAddresses.QUEUE_STATS;
  }

  @Override
  public JsonObject toJson() {
    return stats.copy().put("type", TYPE);
  }

  public static QueueStats fromJson(JsonObject json) {
    JsonObject stats = json.copy();
    stats.remove("type");
    return new QueueStats(stats);
  }
}
