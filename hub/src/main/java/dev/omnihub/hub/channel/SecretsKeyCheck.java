package dev.omnihub.hub.channel;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.secrets.SecretBox;
import dev.omnihub.hub.secrets.SecretUnreadableException;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.MongoStore;
import org.bson.Document;

/**
 * A value sealed with the first key that used a shared store, opened at every start: a node started with
 * another key (several nodes on one store each made up their own) is refused at once with the reason,
 * instead of failing later on the first channel whose secret it cannot open. (Beside the channels it
 * guards; the embedded store has one node, whose start names the channel a wrong key cannot open.)
 */
public final class SecretsKeyCheck {

  private static final String ID = "secrets-key";
  private static final String CONTEXT = "secrets-key-check";
  private static final String KNOWN = "omnihub";

  private SecretsKeyCheck() {
  }

  /**
   * Blocking; at start.
   *
   * @throws SecretUnreadableException when the store's secrets were sealed with another key
   */
  public static void verify(MongoStore store, SecretBox secrets) {
    MongoCollection<Document> settings = store.collection(Collections.SETTINGS);
    try {
      settings.updateOne(Filters.eq("_id", ID), Updates.setOnInsert("check", secrets.seal(KNOWN, CONTEXT)), new UpdateOptions().upsert(true));
    } catch (RuntimeException e) {
      if (!DuplicateKeys.isDuplicateKey(e)) {
        throw e;
      }
      // Another node wrote it at the same moment: read theirs.
    }
    Document check = settings.find(Filters.eq("_id", ID)).first();
    try {
      if (check == null || !KNOWN.equals(secrets.open(check.getString("check"), CONTEXT))) {
        throw new SecretUnreadableException("the store's check value");
      }
    } catch (SecretUnreadableException e) {
      throw new SecretUnreadableException("this store's secrets were sealed with another key (every node on one store needs the same "
          + "SECRETS_KEY)");
    }
  }
}
