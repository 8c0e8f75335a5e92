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
  /** A token's {@code use} claim: absent for bearer (access) tokens, {@code session} for a console session. */
  private static final String ACCESS = "access";
  private static final String SESSION = "session";

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
    return new Login(issue(agent, ACCESS), agent);
  }

  /**
   * A console session for a signed-in agent: a token of its own kind, accepted only by
   * {@link #refresh}, never as a bearer. The console keeps it in an HttpOnly cookie and its access
   * token in memory, so a reload signs the agent in again without any token in page storage.
   */
  public String sessionToken(Agent agent) {
    return issue(agent, SESSION);
  }

  /**
   * A fresh access token for a console session token. Fails as {@link #authenticate} does when the
   * session was logged out or the agent deactivated, changed role or password.
   */
  public Future<Login> refresh(String sessionToken) {
    return verify(sessionToken, SESSION).map(agent -> new Login(issue(agent, ACCESS), agent));
  }

  private String issue(Agent agent, String use) {
    JsonObject claims = new JsonObject()
        .put("sub", agent.id())
        .put("jti", java.util.UUID.randomUUID().toString())
        .put("tv", agent.tokenVersion())
        .put("roles", agent.roles().stream().map(Role::wireName).toList());
    if (!ACCESS.equals(use)) {
      claims.put("use", use);
    }
    return jwt.generateToken(claims, jwtOptions);
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
    return verify(bearer, ACCESS).map(agent -> new Principal(Principal.AGENT, agent.id(), agent.name(), agent.roles()));
  }

  /** The agent of a valid, unrevoked token of the given use ({@link #ACCESS} or {@link #SESSION}). */
  private Future<Agent> verify(String token, String use) {
    return jwt.authenticate(new TokenCredentials(token))
        .recover(error -> Future.failedFuture(unauthenticated("invalid or expired token")))
        .compose(user -> {
          JsonObject claims = user.principal();
          if (!use.equals(claims.getString("use", ACCESS))) {
            return Future.failedFuture(unauthenticated("this token is not an access token"));
          }
          String agentId = claims.getString("sub");
          String tokenId = claims.getString("jti");
          long version = claims.getLong("tv", 0L);
          // Revoked at once: a deactivation, a role or password change (the version moved on), a logout (the id is listed).
          return store.read(() -> agents.find(agentId)
              .filter(Agent::active)
              .filter(agent -> agent.tokenVersion() == version && (tokenId == null || !agent.revokedTokens().contains(tokenId)))
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
    return jwt.authenticate(new TokenCredentials(bearer)).compose(user -> revoke(user.principal(), principal.id()));
  }

  /** Ends a console session (its cookie is cleared by the caller); an invalid or foreign one is ignored. */
  public Future<Void> endSession(String sessionToken, Principal principal) {
    return jwt.authenticate(new TokenCredentials(sessionToken))
        .compose(user -> principal.id().equals(user.principal().getString("sub")) ? revoke(user.principal(), principal.id())
            : Future.succeededFuture())
        .recover(invalid -> Future.succeededFuture());
  }

  /** Lists the token's id as revoked until it would have expired. */
  private Future<Void> revoke(JsonObject claims, String agentId) {
    java.time.Instant expires = java.time.Instant.ofEpochSecond(claims.getLong("exp", java.time.Instant.now().getEpochSecond() + 86_400));
    String tokenId = claims.getString("jti", "issued-" + claims.getLong("iat", 0L));
    return store.write(() -> {
      agents.revokeToken(agentId, tokenId, expires);
      return null;
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
