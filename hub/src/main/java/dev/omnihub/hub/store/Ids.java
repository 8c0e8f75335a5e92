package dev.omnihub.hub.store;

import org.bson.types.ObjectId;

/**
 * Generates document ids on the client, so a retried write after a crash reuses the same id (an
 * insert that was committed but never acknowledged turns into a duplicate key, which is success).
 * ObjectIds sort by creation time, which keeps lists in a natural order.
 */
public final class Ids {

  private Ids() {
  }

  public static String newId() {
    return new ObjectId().toHexString();
  }

  /** True for strings shaped like our ids; anything else cannot name a stored document. */
  public static boolean looksLikeId(String value) {
    return value != null && ObjectId.isValid(value);
  }
}
