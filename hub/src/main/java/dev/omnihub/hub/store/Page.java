package dev.omnihub.hub.store;

import java.util.List;
import java.util.function.Function;
import org.bson.Document;

/**
 * One page of a list and the opaque cursor of the next page ({@code null} on the last page).
 */
public record Page<T>(List<T> items, String next) {

  public Page {
    items = List.copyOf(items);
  }

  public <R> Page<R> map(Function<T, R> mapper) {
    return new Page<>(items.stream().map(mapper).toList(), next);
  }

  /**
   * Builds a page from documents fetched with {@code limit + 1}: the extra one only proves there is a
   * next page, whose cursor is the last returned item's (time, id).
   */
  public static <T> Page<T> fromDocuments(List<Document> fetched, int limit, String timeField, Function<Document, T> mapper) {
    return fromFetched(fetched, limit, last -> new PageCursor(Docs.instant(last, timeField), last.getString("_id"))).map(mapper);
  }

  /** The same, for items already read: {@code cursorOf} gives the cursor after an item. */
  public static <T> Page<T> fromFetched(List<T> fetched, int limit, Function<T, PageCursor> cursorOf) {
    boolean more = fetched.size() > limit;
    List<T> shown = more ? fetched.subList(0, limit) : fetched;
    return new Page<>(shown, more ? cursorOf.apply(shown.get(shown.size() - 1)).encode() : null);
  }
}
