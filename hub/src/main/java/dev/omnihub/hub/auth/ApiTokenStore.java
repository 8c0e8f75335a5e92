package dev.omnihub.hub.auth;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.Docs;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.hub.store.MongoStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * API tokens for integrations and bots. Only a SHA-256 of each token is stored (a token is 256 random
 * bits, so a fast hash is enough); the token itself is shown once, at creation.
 */
public final class ApiTokenStore {

  /** Tokens start with this, so they are easy to recognize in logs and secret scanners. */
  public static final String PREFIX = "ohk_";
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A token's public description.
   *
   * @param channels the channels it is limited to, {@code null} for all
   */
  public record ApiToken(String id, String name, List<Role> roles, String createdBy, Instant createdAt, Instant expiresAt,
      List<String> channels) {
  }

  /** A token just created, with the one-time secret. */
  public record IssuedToken(ApiToken token, String secret) {
  }

  private final MongoCollection<Document> tokens;
  private final Clock clock;

  public ApiTokenStore(MongoStore store, Clock clock) {
    this.tokens = store.collection(Collections.API_TOKENS);
    this.clock = clock;
  }

  public IssuedToken create(String name, List<Role> roles, String createdBy) {
    return create(name, roles, createdBy, null);
  }

  /** @param expiresAt after this the token is refused as if revoked; {@code null}: it does not expire */
  public IssuedToken create(String name, List<Role> roles, String createdBy, Instant expiresAt) {
    return create(name, roles, createdBy, expiresAt, null);
  }

  /**
   * @param expiresAt after this the token is refused as if revoked; {@code null}: it does not expire
   * @param channels  the channels whose customers and conversations it may see, {@code null} for all
   */
  public IssuedToken create(String name, List<Role> roles, String createdBy, Instant expiresAt, List<String> channels) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    ApiToken token = new ApiToken(Ids.newId(), name, roles, createdBy, clock.instant(), expiresAt, channels == null ? null : List.copyOf(channels));
    tokens.insertOne(new Document("_id", token.id())
        .append("hash", sha256(secret))
        .append("name", name)
        .append("roles", roles.stream().map(Role::wireName).toList())
        .append("createdBy", createdBy)
        .append("createdAt", Docs.date(token.createdAt()))
        .append("expiresAt", expiresAt == null ? null : Docs.date(expiresAt))
        .append("channels", token.channels()));
    return new IssuedToken(token, secret);
  }

  /** The token with this secret, unless it expired (or was revoked: deleted). */
  public Optional<ApiToken> findBySecret(String secret) {
    Instant now = clock.instant();
    return Optional.ofNullable(tokens.find(Filters.eq("hash", sha256(secret))).first())
        .filter(doc -> Docs.instant(doc, "expiresAt") == null || Docs.instant(doc, "expiresAt").isAfter(now))
        .map(ApiTokenStore::toToken);
  }

  public List<ApiToken> list() {
    return tokens.find().sort(Sorts.ascending("createdAt")).map(ApiTokenStore::toToken).into(new ArrayList<>());
  }

  /** @throws NotFoundException when there is no such token */
  public void revoke(String id) {
    if (tokens.deleteOne(Filters.eq("_id", id)).getDeletedCount() == 0) {
      throw new NotFoundException("token", id);
    }
  }

  private static String sha256(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static ApiToken toToken(Document doc) {
    return new ApiToken(doc.getString("_id"), doc.getString("name"),
        Docs.strings(doc, "roles").stream().map(name -> Role.parse(name, "roles")).toList(),
        doc.getString("createdBy"), Docs.instant(doc, "createdAt"), Docs.instant(doc, "expiresAt"),
        doc.get("channels") == null ? null : Docs.strings(doc, "channels"));
  }
}
