package dev.omnihub.hub.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;

/** Recognizes duplicate-key errors however the driver reports them (write, command, bulk). */
public final class DuplicateKeys {

  private static final int DUPLICATE_KEY = 11000;

  private DuplicateKeys() {
  }

  public static boolean isDuplicateKey(Throwable error) {
    if (error instanceof MongoWriteException write) {
      return write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
    if (error instanceof MongoCommandException command) {
      return command.getErrorCode() == DUPLICATE_KEY;
    }
    if (error instanceof MongoException mongo) {
      return mongo.getCode() == DUPLICATE_KEY;
    }
    return false;
  }
}
