package dev.omnihub.hub.store;

import com.mongodb.client.model.Filters;
import dev.omnihub.adapters.spi.InputRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import org.bson.conversions.Bson;

/**
 * Keyset pagination over (time, id): stable under inserts, unlike skip/limit. The cursor is opaque
 * to clients (base64url of {@code <epoch millis>|<id>}).
 *
 * @param at the sort time of the last item returned
 * @param id the id of the last item returned
 */
public record PageCursor(Instant at, String id) {

  public String encode() {
    String raw = at.toEpochMilli() + "|" + id;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @return the decoded cursor, or {@code null} for a null or empty one
   * @throws InputRejectedException naming {@code cursor} when it is not one of ours
   */
  public static PageCursor decode(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      if (bar <= 0) {
        throw new IllegalArgumentException("no separator");
      }
      return new PageCursor(Instant.ofEpochMilli(Long.parseLong(raw.substring(0, bar))), raw.substring(bar + 1));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw InputRejectedException.invalid("cursor", "cursor is not valid; pass the 'next' value of the previous page");
    }
  }

  /**
   * Items after this cursor in descending (time, id) order. The plain bound on the time comes first:
   * an index on (..., time, _id) seeks to it instead of reading every newer item.
   */
  public Bson afterDescending(String timeField) {
    return Filters.and(Filters.lte(timeField, Docs.date(at)), Filters.or(Filters.lt(timeField, Docs.date(at)),
        Filters.and(Filters.eq(timeField, Docs.date(at)), Filters.lt("_id", id))));
  }

  /** Items after this cursor in ascending (time, id) order; see {@link #afterDescending}. */
  public Bson afterAscending(String timeField) {
    return Filters.and(Filters.gte(timeField, Docs.date(at)), Filters.or(Filters.gt(timeField, Docs.date(at)),
        Filters.and(Filters.eq(timeField, Docs.date(at)), Filters.gt("_id", id))));
  }
}
