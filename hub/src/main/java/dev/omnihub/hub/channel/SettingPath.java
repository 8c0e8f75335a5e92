package dev.omnihub.hub.channel;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** One setting inside a channel's settings, named by a dotted path such as {@code smtp.password}. */
public record SettingPath(JsonObject parent, String key) {

  /** The setting at {@code path}, if every object on the way and the key itself are present. */
  public static Optional<SettingPath> at(JsonObject settings, String path) {
    String[] parts = path.split("\\.");
    JsonObject parent = settings;
    for (int i = 0; i < parts.length - 1; i++) {
      if (!(parent.getValue(parts[i]) instanceof JsonObject child)) {
        return Optional.empty();
      }
      parent = child;
    }
    String key = parts[parts.length - 1];
    return parent.containsKey(key) ? Optional.of(new SettingPath(parent, key)) : Optional.empty();
  }

  public Object value() {
    return parent.getValue(key);
  }

  public void replace(Object value) {
    parent.put(key, value);
  }

  public void remove() {
    parent.remove(key);
  }
}
