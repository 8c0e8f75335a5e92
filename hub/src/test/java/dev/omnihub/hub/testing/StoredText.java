package dev.omnihub.hub.testing;

import dev.omnihub.hub.store.MongoStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bson.Document;

/** Searches every stored document, in every collection, for texts (case-insensitive): what a privacy test must not find. */
public final class StoredText {

  private StoredText() {
  }

  /**
   * @return one line per document and text found; files' chunks (binary) are not searched, only
   *     reported when any remain and {@code noFiles} is set
   */
  public static List<String> find(MongoStore mongo, boolean noFiles, String... texts) {
    List<String> found = new ArrayList<>();
    for (String name : mongo.collectionNames()) {
      if (name.startsWith("attachments.")) {
        continue;
      }
      for (Document document : mongo.collection(name).find()) {
        String json = document.toJson().toLowerCase(Locale.ROOT);
        for (String text : texts) {
          if (json.contains(text.toLowerCase(Locale.ROOT))) {
            found.add(name + ": '" + text + "' in " + document.toJson());
          }
        }
      }
    }
    if (noFiles && (mongo.collection("attachments.files").countDocuments() > 0 || mongo.collection("attachments.chunks").countDocuments() > 0)) {
      found.add("attachments: files remain");
    }
    return found;
  }
}
