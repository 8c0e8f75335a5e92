package dev.omnihub.adapters.spi;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads untrusted JSON with errors that name the field. Every accessor throws
 * {@link InputRejectedException} ({@code INVALID}) with the field's path when the value is missing,
 * has the wrong type or breaks a limit, so callers never see a {@code ClassCastException}.
 */
public final class JsonInput {

  private final JsonObject json;
  private final String path;

  private JsonInput(JsonObject json, String path) {
    this.json = json;
    this.path = path;
  }

  /** Parses a request body that must be one JSON object. */
  public static JsonInput parse(Buffer body) {
    if (body == null || body.length() == 0) {
      throw InputRejectedException.invalid("invalid_json", null, "request body must be a JSON object");
    }
    Object value;
    try {
      value = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw InputRejectedException.invalid("invalid_json", null, "request body is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (!(value instanceof JsonObject object)) {
      throw InputRejectedException.invalid("invalid_json", null, "request body must be a JSON object");
    }
    return new JsonInput(object, "");
  }

  public static JsonInput of(JsonObject json) {
    return new JsonInput(json == null ? new JsonObject() : json, "");
  }

  /** An object found at {@code path} of a body read some other way (a streaming parse), for its errors' paths. */
  public static JsonInput at(JsonObject json, String path) {
    return new JsonInput(json == null ? new JsonObject() : json, path);
  }

  public JsonObject raw() {
    return json;
  }

  /** The path of a field of this object, for error messages. */
  public String pathOf(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  public String requiredString(String name, int maxLength) {
    String value = optionalString(name, maxLength);
    if (value == null || value.isBlank()) {
      throw InputRejectedException.invalid(pathOf(name), pathOf(name) + " is required");
    }
    return value;
  }

  /** A string field, or {@code null} when absent or JSON null. */
  public String optionalString(String name, int maxLength) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw InputRejectedException.invalid(pathOf(name), pathOf(name) + " must be a string");
    }
    if (text.length() > maxLength) {
      throw InputRejectedException.invalid(pathOf(name), pathOf(name) + " is longer than " + maxLength + " characters");
    }
    return text;
  }

  public Boolean optionalBoolean(String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Boolean flag)) {
      throw InputRejectedException.invalid(pathOf(name), pathOf(name) + " must be true or false");
    }
    return flag;
  }

  /** An integer field within [min, max], or {@code null} when absent. */
  public Integer optionalInt(String name, int min, int max) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
      throw InputRejectedException.invalid(pathOf(name), pathOf(name) + " must be an integer");
    }
    long whole = number.longValue();
    if (whole < min || whole > max) {
      throw InputRejectedException.invalid(pathOf(name), pathOf(name) + " must be between " + min + " and " + max);
    }
    return (int) whole;
  }

  /** An ISO-8601 instant ({@code 2026-11-25T10:15:30Z}), or {@code null} when absent. */
  public Instant optionalInstant(String name) {
    String text = optionalString(name, 64);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw InputRejectedException.invalid(pathOf(name), pathOf(name) + " must be an ISO-8601 UTC time such as 2026-11-25T10:15:30Z");
    }
  }

  /** A nested object, or {@code null} when absent. */
  public JsonInput optionalObject(String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject object)) {
      throw InputRejectedException.invalid(pathOf(name), pathOf(name) + " must be an object");
    }
    return new JsonInput(object, pathOf(name));
  }

  public JsonInput requiredObject(String name) {
    JsonInput object = optionalObject(name);
    if (object == null) {
      throw InputRejectedException.invalid(pathOf(name), pathOf(name) + " is required");
    }
    return object;
  }

  /** An array of objects, each read with its own path ({@code segments[2].startMs}), or {@code null} when absent. */
  public List<JsonInput> optionalObjectList(String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array)) {
      throw InputRejectedException.invalid(pathOf(name), pathOf(name) + " must be an array of objects");
    }
    List<JsonInput> items = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String itemPath = pathOf(name) + "[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject object)) {
        throw InputRejectedException.invalid(itemPath, itemPath + " must be an object");
      }
      items.add(new JsonInput(object, itemPath));
    }
    return items;
  }

  /** A list of strings (each at most maxLength), or {@code null} when absent. */
  public List<String> optionalStringList(String name, int maxItems, int maxLength) {
    Object value = json.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array)) {
      throw InputRejectedException.invalid(pathOf(name), pathOf(name) + " must be an array of strings");
    }
    if (array.size() > maxItems) {
      throw InputRejectedException.invalid(pathOf(name), pathOf(name) + " has more than " + maxItems + " items");
    }
    List<String> items = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      String itemPath = pathOf(name) + "[" + i + "]";
      if (!(item instanceof String text) || text.isBlank()) {
        throw InputRejectedException.invalid(itemPath, itemPath + " must be a non-empty string");
      }
      if (text.length() > maxLength) {
        throw InputRejectedException.invalid(itemPath, itemPath + " is longer than " + maxLength + " characters");
      }
      items.add(text);
    }
    return items;
  }

  /** The value of an enumerated string field, checked against the allowed names. */
  public String optionalChoice(String name, List<String> allowed) {
    String value = optionalString(name, 64);
    if (value != null && !allowed.contains(value)) {
      throw InputRejectedException.invalid(pathOf(name), pathOf(name) + " must be one of " + allowed + ", not '" + value + "'");
    }
    return value;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
