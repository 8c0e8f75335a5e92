package dev.omnihub.adapters.chat;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

/** The hub's answers on a widget socket that carry no message: pong and errors. */
final class WidgetFrames {

  private WidgetFrames() {
  }

  static void pong(ServerWebSocket socket) {
    socket.writeTextMessage(new JsonObject().put("type", "pong").encode());
  }

  static void error(ServerWebSocket socket, String code, String message) {
    socket.writeTextMessage(new JsonObject().put("type", "error").put("code", code).put("message", message).encode());
  }
}
