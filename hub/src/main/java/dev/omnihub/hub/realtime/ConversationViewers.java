package dev.omnihub.hub.realtime;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Who has each conversation open in the console, so an agent sees that a colleague is already on it
 * ("Bea Berg is viewing") before they both answer. Each agent socket that views a conversation joins
 * it; on every change each viewer gets the whole list as a {@code viewers} frame (the console leaves
 * itself out). Several tabs of one agent count once. Kept in this node's memory: the cluster issue
 * carries it over the bus.
 */
public final class ConversationViewers {

  /** One socket viewing a conversation: whose it is and where its frames go. */
  record Viewer(String agentId, String agentName, Consumer<JsonObject> frames) {
  }

  private final Followers<Viewer> viewers = new Followers<>();

  void join(String conversationId, Viewer viewer) {
    viewers.follow(conversationId, viewer);
    announce(conversationId);
  }

  void leave(String conversationId, Viewer viewer) {
    viewers.unfollow(conversationId, viewer);
    announce(conversationId);
  }

  private void announce(String conversationId) {
    Map<String, String> names = new LinkedHashMap<>();
    viewers.of(conversationId).forEach(viewer -> names.putIfAbsent(viewer.agentId(), viewer.agentName()));
    JsonArray agents = new JsonArray();
    names.forEach((id, name) -> agents.add(new JsonObject().put("id", id).put("name", name)));
    JsonObject frame = new JsonObject().put("type", "viewers").put("conversationId", conversationId).put("agents", agents);
    viewers.of(conversationId).forEach(viewer -> viewer.frames().accept(frame));
  }
}
