package dev.omnihub.hub.store;

import java.time.Instant;
import java.util.Date;
import java.util.List;
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
}
