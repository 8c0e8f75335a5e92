package dev.omnihub.hub.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/** Typed reads of stored documents (BSON dates come back as {@link Date}). */
public final class Docs {

  private Docs() {
  }

  public static Instant instant(Document document, String field) {
    Object value = document.get(field);
    if (value instanceof Date date) {
      return date.toInstant();
    }
    if (value instanceof Instant instant) {
      return instant;
    }
    return null;
  }

  public static Date date(Instant instant) {
    return instant == null ? null : Date.from(instant);
  }

  public static List<String> strings(Document document, String field) {
    List<String> values = document.getList(field, String.class);
    return values == null ? List.of() : List.copyOf(values);
  }

  public static long longValue(Document document, String field) {
    Object value = document.get(field);
    return value instanceof Number number ? number.longValue() : 0L;
  }

  public static Document subDocument(Document document, String field) {
    Object value = document.get(field);
    return value instanceof Document sub ? sub : new Document();
  }

  /**
   * A stored sub-document as plain, unmodifiable Java values (maps, lists, strings, numbers, booleans,
   * {@link Instant}s), so domain records carry no BSON types; an absent or non-document value gives an
   * empty map.
   */
  public static Map<String, Object> plainMap(Object value) {
    if (!(value instanceof Map<?, ?> map)) {
      return Map.of();
    }
    Map<String, Object> plain = new LinkedHashMap<>();
    map.forEach((key, item) -> plain.put(String.valueOf(key), plain(item)));
    return Collections.unmodifiableMap(plain);
  }

  private static Object plain(Object value) {
    if (value instanceof Map<?, ?>) {
      return plainMap(value);
    }
    if (value instanceof List<?> list) {
      List<Object> plain = new ArrayList<>(list.size());
      list.forEach(item -> plain.add(plain(item)));
      return Collections.unmodifiableList(plain);
    }
    return value instanceof Date date ? date.toInstant() : value;
  }
}
