package dev.omnihub.hub.store.embedded;

/**
 * Told about every query the embedded store answers (finds, counts, and the queries behind updates
 * and deletes), with the work it took. Called on the store's thread while the collection is locked:
 * keep it cheap.
 */
public interface QueryObserver {

  QueryObserver NONE = (collection, plan, keysExamined, documentsExamined, returned) -> { };

  /**
   * @param collection        {@code <database>.<collection>}
   * @param plan              {@code scan}, or the name of the index used
   * @param keysExamined      index entries read
   * @param documentsExamined documents read and matched against the query
   * @param returned          documents in the answer (after skip and limit)
   */
  void queryExecuted(String collection, String plan, long keysExamined, long documentsExamined, long returned);
}
