package dev.omnihub.hub.csat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.MongoStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bson.Document;

/**
 * A survey's link token: {@code <surveyId>.<HMAC-SHA256 of it>}, under a key the hub keeps in its
 * store ({@code settings/csat}, made once), so a token names one survey and cannot be made for
 * another, every node computes the same one, and nothing per survey needs to be stored. Blocking
 * (the key is read once).
 */
final class CsatTokens {

  private static final String KEY_ID = "csat";
  private final MongoCollection<Document> settings;
  private volatile byte[] key;

  CsatTokens(MongoStore store) {
    this.settings = store.collection(Collections.SETTINGS);
  }

  String tokenFor(String surveyId) {
    return surveyId + "." + mac(surveyId);
  }

  /** The survey a token names, when it is one of ours. */
  Optional<String> surveyOf(String token) {
    int dot = token == null ? -1 : token.lastIndexOf('.');
    if (dot <= 0 || token.length() > 200) {
      return Optional.empty();
    }
    String surveyId = token.substring(0, dot);
    boolean genuine = MessageDigest.isEqual(mac(surveyId).getBytes(StandardCharsets.US_ASCII),
        token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    return genuine ? Optional.of(surveyId) : Optional.empty();
  }

  private String mac(String surveyId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(), "HmacSHA256"));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(surveyId.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] key() {
    byte[] known = key;
    if (known != null) {
      return known;
    }
    Document stored = settings.find(Filters.eq("_id", KEY_ID)).first();
    if (stored == null) {
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      try {
        settings.insertOne(new Document("_id", KEY_ID).append("tokenKey", Base64.getEncoder().encodeToString(fresh)));
      } catch (RuntimeException e) {
        if (!DuplicateKeys.isDuplicateKey(e)) {
          throw e;
        }
      }
      stored = settings.find(Filters.eq("_id", KEY_ID)).first();
    }
    key = Base64.getDecoder().decode(stored.getString("tokenKey"));
    return key;
  }
}
