package dev.omnihub.hub.realtime;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** The JSON text frames both sockets share: reading a client's frame, and answering with pong or an error. */
final class SocketFrames {

  private SocketFrames() {
  }

  /** The frame as a JSON object; a frame that is none is answered with an {@code invalid_json} error. */
  static Optional<JsonObject> read(ServerWebSocket socket, String text) {
    try {
      return Optional.of(new JsonObject(text));
    } catch (DecodeException e) {
      error(socket, "invalid_json", "frames are JSON objects");
      return Optional.empty();
    }
  }

  static void pong(ServerWebSocket socket) {
    socket.writeTextMessage(new JsonObject().put("type", "pong").encode());
  }

  static void error(ServerWebSocket socket, String code, String message) {
    socket.writeTextMessage(new JsonObject().put("type", "error").put("code", code).put("message", message).encode());
  }
}
