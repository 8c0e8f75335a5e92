package dev.omnihub.hub.store.embedded;

import com.mongodb.internal.authentication.SaslPrep;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The embedded store's wire protocol takes only clients that log in: SCRAM-SHA-256 (RFC 5802 and
 * 7677, as the MongoDB driver speaks it through {@code saslStart} and {@code saslContinue}) with a
 * user and a password the hub makes up at every start and keeps in memory. Before that a connection
 * may only say hello; anything else answers error 13 (Unauthorized), so another program on the
 * machine that finds the loopback port reads nothing: not a customer, not the JWT key.
 */
public final class WireCredentials {

  public static final String USER = "omnihub";
  private static final int ITERATIONS = 15_000;
  private static final int UNAUTHORIZED = 13;
  private static final SecureRandom RANDOM = new SecureRandom();
  /** What a connection may do before it logs in: the handshake and the login itself. */
  private static final Set<String> OPEN_COMMANDS = Set.of("hello", "ismaster", "saslstart", "saslcontinue", "buildinfo", "getnonce");

  /** One login in progress: what the server said and the keys it checks the client's proof with. */
  private record Exchange(String clientFirstBare, String serverFirst, String nonce, boolean verified) {
  }

  private final String password;
  private final byte[] salt = new byte[16];
  private final byte[] storedKey;
  private final byte[] serverKey;
  private final Set<Channel> authenticated = ConcurrentHashMap.newKeySet();
  private final Map<Channel, Exchange> exchanges = new ConcurrentHashMap<>();

  /** Credentials with a password made up now, for the hub's own client. */
  public WireCredentials() {
    this(madeUpPassword());
  }

  /** Credentials with a password given by whoever runs the store ({@code STORE_PASSWORD}). */
  public WireCredentials(String password) {
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("the store's password must not be empty");
    }
    RANDOM.nextBytes(salt);
    this.password = password;
    // The driver logs in with the SASLprep'd password (RFC 4013, as MongoDB stores a SCRAM-SHA-256 user's):
    // the same function here, or a STORE_PASSWORD it rewrites (a no-break space, a decomposed accent) never matches.
    byte[] salted = pbkdf2(SaslPrep.saslPrepStored(password), salt);
    this.storedKey = sha256(hmac(salted, "Client Key"));
    this.serverKey = hmac(salted, "Server Key");
  }

  private static String madeUpPassword() {
    byte[] secret = new byte[24];
    RANDOM.nextBytes(secret);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /** The password the hub's own client logs in with. */
  public String password() {
    return password;
  }

  /**
   * Answers the login commands; refuses every other command of a connection that has not logged in.
   *
   * @return the answer to a login command, or {@code null} to let the command run
   */
  Document intercept(Channel channel, String command, Document query) {
    String name = command.toLowerCase(Locale.ROOT);
    if ("saslstart".equals(name)) {
      return start(channel, query);
    }
    if ("saslcontinue".equals(name)) {
      return proceed(channel, query);
    }
    if (!authenticated.contains(channel) && !OPEN_COMMANDS.contains(name)) {
      throw new MongoServerError(UNAUTHORIZED, "Unauthorized", "command " + command + " requires authentication");
    }
    return null;
  }

  void closed(Channel channel) {
    authenticated.remove(channel);
    exchanges.remove(channel);
  }

  private Document start(Channel channel, Document query) {
    if (!"SCRAM-SHA-256".equals(query.get("mechanism"))) {
      throw new MongoServerError(2, "BadValue", "only SCRAM-SHA-256 is offered");
    }
    String clientFirst = new String(payload(query), StandardCharsets.UTF_8);
    if (!clientFirst.startsWith("n,,")) {
      throw authenticationFailed();
    }
    String bare = clientFirst.substring(3);
    Map<String, String> fields = fields(bare);
    if (!USER.equals(fields.get("n")) || fields.get("r") == null) {
      throw authenticationFailed();
    }
    byte[] serverNonce = new byte[18];
    RANDOM.nextBytes(serverNonce);
    String nonce = fields.get("r") + Base64.getEncoder().encodeToString(serverNonce);
    String serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + ITERATIONS;
    exchanges.put(channel, new Exchange(bare, serverFirst, nonce, false));
    return answer(serverFirst, false);
  }

  private Document proceed(Channel channel, Document query) {
    Exchange exchange = exchanges.get(channel);
    if (exchange == null) {
      throw authenticationFailed();
    }
    if (exchange.verified()) {
      // A driver that does not skip the empty exchange asks once more.
      exchanges.remove(channel);
      return answer("", true);
    }
    String clientFinal = new String(payload(query), StandardCharsets.UTF_8);
    int proofAt = clientFinal.lastIndexOf(",p=");
    if (proofAt < 0) {
      throw authenticationFailed();
    }
    String withoutProof = clientFinal.substring(0, proofAt);
    Map<String, String> fields = fields(withoutProof);
    if (!exchange.nonce().equals(fields.get("r")) || !"biws".equals(fields.get("c"))) {
      throw authenticationFailed();
    }
    String authMessage = exchange.clientFirstBare() + "," + exchange.serverFirst() + "," + withoutProof;
    byte[] proof;
    try {
      proof = Base64.getDecoder().decode(clientFinal.substring(proofAt + 3));
    } catch (IllegalArgumentException e) {
      throw authenticationFailed();
    }
    byte[] signature = hmac(storedKey, authMessage);
    if (proof.length != signature.length) {
      throw authenticationFailed();
    }
    byte[] clientKey = new byte[proof.length];
    for (int i = 0; i < proof.length; i++) {
      clientKey[i] = (byte) (proof[i] ^ signature[i]);
    }
    if (!MessageDigest.isEqual(sha256(clientKey), storedKey)) {
      exchanges.remove(channel);
      throw authenticationFailed();
    }
    authenticated.add(channel);
    boolean skipEmpty = query.get("options") instanceof Document options && Boolean.TRUE.equals(options.get("skipEmptyExchange"));
    if (skipEmpty) {
      exchanges.remove(channel);
    } else {
      exchanges.put(channel, new Exchange(exchange.clientFirstBare(), exchange.serverFirst(), exchange.nonce(), true));
    }
    return answer("v=" + Base64.getEncoder().encodeToString(hmac(serverKey, authMessage)), skipEmpty);
  }

  private static Document answer(String payload, boolean done) {
    Document answer = new Document();
    answer.put("conversationId", 1);
    answer.put("done", done);
    answer.put("payload", new BinData(payload.getBytes(StandardCharsets.UTF_8)));
    answer.put("ok", 1.0);
    return answer;
  }

  private static byte[] payload(Document query) {
    Object payload = query.get("payload");
    if (payload instanceof BinData data) {
      return data.getData();
    }
    if (payload instanceof byte[] bytes) {
      return bytes;
    }
    throw authenticationFailed();
  }

  private static Map<String, String> fields(String message) {
    Map<String, String> fields = new ConcurrentHashMap<>();
    for (String part : message.split(",")) {
      if (part.length() > 2 && part.charAt(1) == '=') {
        fields.putIfAbsent(part.substring(0, 1), part.substring(2));
      }
    }
    return fields;
  }

  private static MongoServerError authenticationFailed() {
    return new MongoServerError(18, "AuthenticationFailed", "Authentication failed.");
  }

  private static byte[] pbkdf2(String password, byte[] salt) {
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, 256))
          .getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
