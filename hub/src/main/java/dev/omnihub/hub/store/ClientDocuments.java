package dev.omnihub.hub.store;

import dev.omnihub.adapters.spi.InputRejectedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * A client's free-form JSON (customer attributes, a timeline event's data) as store values, built
 * value by value: never through {@code Document.parse}, which reads {@code {"$minKey": 1}} and other
 * extended-JSON shapes as BSON types (one such attribute made a customer unreadable for good). Keys
 * that start with {@code $} or contain a dot (operators and paths to the store) are refused, and so
 * are values nested too deep, too many entries and over-long strings; each refusal names the field.
 */
public final class ClientDocuments {

  /** How much a client may nest and store in one value. */
  public record Limits(int maxDepth, int maxEntries, int maxStringLength) {
  }

  private static final int MAX_KEY_LENGTH = 128;

  private ClientDocuments() {
  }

  /** A JSON value (string, number, boolean, null, object, array) as a store value. */
  public static Object toStorable(Object value, String field, Limits limits) {
    return convert(value, field, limits, 0, new int[1]);
  }

  public static Document toDocument(JsonObject json, String field, Limits limits) {
    return (Document) convert(json, field, limits, 0, new int[1]);
  }

  private static Object convert(Object value, String field, Limits limits, int depth, int[] entries) {
    if (++entries[0] > limits.maxEntries()) {
      throw InputRejectedException.invalid(field, "at most " + limits.maxEntries() + " values may be stored in one field");
    }
    if (value == null || value instanceof Boolean || value instanceof Number) {
      return value;
    }
    if (value instanceof String text) {
      if (text.length() > limits.maxStringLength()) {
        throw InputRejectedException.invalid(field, field + " is longer than " + limits.maxStringLength() + " characters");
      }
      return text;
    }
    if (depth >= limits.maxDepth()) {
      throw InputRejectedException.invalid(field, field + " nests deeper than " + limits.maxDepth() + " levels");
    }
    if (value instanceof JsonObject object) {
      Document document = new Document();
      for (String key : object.fieldNames()) {
        String path = field + "." + key;
        if (key.isEmpty() || key.startsWith("$") || key.indexOf('.') >= 0 || key.indexOf('\0') >= 0 || key.length() > MAX_KEY_LENGTH) {
          throw InputRejectedException.invalid(path, "keys must be 1 to " + MAX_KEY_LENGTH
              + " characters, not start with '$' and contain no '.': '" + abbreviate(key) + "' is not allowed");
        }
        document.put(key, convert(object.getValue(key), path, limits, depth + 1, entries));
      }
      return document;
    }
    if (value instanceof JsonArray array) {
      List<Object> list = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        list.add(convert(array.getValue(i), field + "[" + i + "]", limits, depth + 1, entries));
      }
      return list;
    }
    throw InputRejectedException.invalid(field, field + " has an unsupported type");
  }

  private static String abbreviate(String key) {
    return key.length() > 40 ? key.substring(0, 40) + "…" : key;
  }
}
