package dev.omnihub.hub.auth;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.hub.config.HubConfig;
import dev.omnihub.hub.errors.ConflictException;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.DuplicateKeys;
import dev.omnihub.hub.store.MongoStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logins, bearer tokens and the bootstrap admin. Agents get a signed JWT (HS256, key kept in the
 * {@code settings} collection so every node of a cluster accepts it); integrations use API tokens.
 * Each request re-reads the agent, so a deactivated agent or a changed role takes effect at once.
 */
public final class AuthService {

  private static final Logger log = LoggerFactory.getLogger(AuthService.class);
  private static final String DEFAULT_ADMIN_EMAIL = "admin@omnihub.local";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A successful login. */
  public record Login(String token, Agent agent) {
  }

  private final MongoStore store;
  private final AgentStore agents;
  private final ApiTokenStore tokens;
  private final PasswordHasher hasher;
  private final JWTAuth jwt;
  private final JWTOptions jwtOptions;
  /** Checked when the email is unknown, so a login takes as long whether or not the agent exists. */
  private final String decoyHash;

  private AuthService(MongoStore store, AgentStore agents, ApiTokenStore tokens, PasswordHasher hasher, JWTAuth jwt, HubConfig config) {
    this.store = store;
    this.agents = agents;
    this.tokens = tokens;
    this.hasher = hasher;
    this.jwt = jwt;
    this.jwtOptions = new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds((int) config.authTokenTtl().toSeconds())
        .setIssuer("omnihub");
    this.decoyHash = hasher.hash("decoy-" + RANDOM.nextLong());
  }

  /** Blocking (reads or creates the signing key); call at start-up. */
  public static AuthService create(Vertx vertx, MongoStore store, AgentStore agents, ApiTokenStore tokens, PasswordHasher hasher,
      HubConfig config) {
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(signingKey(store)))
        .setJWTOptions(new JWTOptions().setIssuer("omnihub")));
    return new AuthService(store, agents, tokens, hasher, jwt, config);
  }

  /** The cluster-wide JWT key: created once by whichever node gets there first. */
  private static String signingKey(MongoStore store) {
    MongoCollection<Document> settings = store.collection(Collections.SETTINGS);
    Document existing = settings.find(Filters.eq("_id", "jwt")).first();
    if (existing != null) {
      return existing.getString("secret");
    }
    byte[] key = new byte[48];
    RANDOM.nextBytes(key);
    String secret = Base64.getEncoder().encodeToString(key);
    try {
      settings.insertOne(new Document("_id", "jwt").append("secret", secret));
      return secret;
    } catch (RuntimeException e) {
      if (DuplicateKeys.isDuplicateKey(e)) {
        return settings.find(Filters.eq("_id", "jwt")).first().getString("secret");
      }
      throw e;
    }
  }

  /**
   * Checks an email and password (blocking: Argon2 on purpose takes ~50 ms).
   *
   * @return the login, or {@code null} on bad credentials
   */
  public Login login(String email, String password) {
    var credentials = agents.findByEmail(email);
    if (credentials.isEmpty()) {
      hasher.verify(password, decoyHash);
      return null;
    }
    if (!hasher.verify(password, credentials.get().passwordHash()) || !credentials.get().agent().active()) {
      return null;
    }
    Agent agent = credentials.get().agent();
    String token = jwt.generateToken(new JsonObject()
        .put("sub", agent.id())
        .put("jti", java.util.UUID.randomUUID().toString())
        .put("tv", agent.tokenVersion())
        .put("roles", agent.roles().stream().map(Role::wireName).toList()), jwtOptions);
    return new Login(token, agent);
  }

  /**
   * Resolves a bearer token to its principal.
   *
   * @return a future failing with {@link InputRejectedException} ({@code UNAUTHENTICATED}) for an
   *     unknown, expired or revoked token
   */
  public Future<Principal> authenticate(String bearer) {
    if (bearer.startsWith(ApiTokenStore.PREFIX)) {
      return store.read(() -> tokens.findBySecret(bearer)
          .map(token -> new Principal(Principal.TOKEN, token.id(), token.name(), token.roles(), token.channels()))
          .orElseThrow(() -> unauthenticated("unknown or revoked API token")));
    }
    return jwt.authenticate(new TokenCredentials(bearer))
        .recover(error -> Future.failedFuture(unauthenticated("invalid or expired token")))
        .compose(user -> {
          String agentId = user.principal().getString("sub");
          String tokenId = user.principal().getString("jti");
          long version = user.principal().getLong("tv", 0L);
          // Revoked at once: a deactivation, a role or password change (the version moved on), a logout (the id is listed).
          return store.read(() -> agents.find(agentId)
              .filter(Agent::active)
              .filter(agent -> agent.tokenVersion() == version && (tokenId == null || !agent.revokedTokens().contains(tokenId)))
              .map(agent -> new Principal(Principal.AGENT, agent.id(), agent.name(), agent.roles()))
              .orElseThrow(() -> unauthenticated("the agent of this token no longer exists or was deactivated")));
        });
  }

  /**
   * Logs out the token the request came with: an agent's login token is listed as revoked until it
   * would have expired; an API token is deleted.
   */
  public Future<Void> logout(String bearer, Principal principal) {
    if (Principal.TOKEN.equals(principal.kind())) {
      return store.write(() -> {
        tokens.revoke(principal.id());
        return null;
      });
    }
    return jwt.authenticate(new TokenCredentials(bearer)).compose(user -> {
      JsonObject claims = user.principal();
      java.time.Instant expires = java.time.Instant.ofEpochSecond(claims.getLong("exp", java.time.Instant.now().getEpochSecond() + 86_400));
      String tokenId = claims.getString("jti", "issued-" + claims.getLong("iat", 0L));
      return store.write(() -> {
        agents.revokeToken(principal.id(), tokenId, expires);
        return null;
      });
    });
  }

  /**
   * Creates the first admin when there is no agent at all. Without a configured password one is
   * generated and printed once.
   */
  public void bootstrapAdmin(HubConfig config) {
    if (agents.count() > 0) {
      return;
    }
    String email = config.adminEmail() != null ? config.adminEmail() : DEFAULT_ADMIN_EMAIL;
    boolean generated = config.adminPassword() == null;
    String password = generated ? generatePassword() : config.adminPassword();
    try {
      agents.create("Administrator", email, hasher.hash(password), List.of(Role.ADMIN), List.of(), Map.of());
    } catch (ConflictException raced) {
      return; // another node created it
    }
    if (generated) {
      // Printed, not logged: it is shown once and should not sit in log files longer than needed.
      System.out.println("OmniHub created the admin " + email + " with password " + password
          + " (shown once; set OMNIHUB_ADMIN_PASSWORD to choose it)");
    } else {
      log.info("Created the admin {}", email);
    }
  }

  private static String generatePassword() {
    byte[] bytes = new byte[15];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static InputRejectedException unauthenticated(String message) {
    return InputRejectedException.unauthenticated("invalid_token", message);
  }
}
