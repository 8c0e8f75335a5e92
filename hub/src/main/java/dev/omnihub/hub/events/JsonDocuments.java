package dev.omnihub.hub.events;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** JSON values as BSON documents, converted in place rather than through text. */
final class JsonDocuments {

  private JsonDocuments() {
  }

  static Document toDocument(JsonObject json) {
    Document document = new Document();
    for (Map.Entry<String, Object> entry : json) {
      document.append(entry.getKey(), value(entry.getValue()));
    }
    return document;
  }

  private static Object value(Object value) {
    if (value instanceof JsonObject object) {
      return toDocument(object);
    }
    if (value instanceof JsonArray array) {
      List<Object> list = new ArrayList<>(array.size());
      for (Object item : array) {
        list.add(value(item));
      }
      return list;
    }
    return value;
  }
}
