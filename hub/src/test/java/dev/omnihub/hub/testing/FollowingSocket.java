package dev.omnihub.hub.testing;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * An agent's socket as the console keeps it: it follows the log on one node and, when that node goes
 * away (a restart, a crash), resumes on another with the last cursor it saw. Its frames are those of
 * every socket it opened, in the order they came.
 */
public final class FollowingSocket implements AutoCloseable {

  private final String token;
  private final List<JsonObject> earlier = new ArrayList<>();
  private SocketClient socket;

  private FollowingSocket(String token, SocketClient socket) {
    this.token = token;
    this.socket = socket;
  }

  /** Opens at the live tail on the node at {@code port}. */
  public static FollowingSocket open(int port, String token) {
    return new FollowingSocket(token, SocketClient.connect(port, "/ws/agent?token=" + token));
  }

  /** Keeps what the current socket received, closes it and resumes on the node at {@code port}. */
  public synchronized void moveTo(int port) {
    earlier.addAll(socket.frames());
    socket.close();
    String uri = "/ws/agent?token=" + token;
    String cursor = lastCursor();
    socket = SocketClient.connect(port, cursor == null ? uri : uri + "&since=" + cursor);
  }

  private String lastCursor() {
    for (int i = earlier.size() - 1; i >= 0; i--) {
      String cursor = earlier.get(i).getString("cursor");
      if (cursor != null) {
        return cursor;
      }
    }
    return null;
  }

  public synchronized List<JsonObject> frames() {
    List<JsonObject> all = new ArrayList<>(earlier);
    all.addAll(socket.frames());
    return all;
  }

  @Override
  public synchronized void close() {
    socket.close();
  }
}
