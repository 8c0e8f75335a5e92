package dev.omnihub.hub.config;

import dev.omnihub.hub.limits.ClientLimits;
import dev.omnihub.hub.net.TrustedProxies;
import dev.omnihub.hub.secrets.SecretKeys;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds {@link HubConfig} from defaults, then an optional {@code omnihub.json} (camelCase keys or the
 * variable names), then environment variables, later sources winning. Bad values stop start-up with a
 * message naming the setting.
 */
public final class ConfigLoader {

  static final String CONFIG_FILE_VARIABLE = "OMNIHUB_CONFIG";
  static final String DEFAULT_CONFIG_FILE = "omnihub.json";

  private static final Map<String, String> FILE_KEYS = Map.ofEntries(
      Map.entry("httpHost", "HTTP_HOST"),
      Map.entry("httpPort", "HTTP_PORT"),
      Map.entry("smtpPort", "SMTP_PORT"),
      Map.entry("dataDir", "DATA_DIR"),
      Map.entry("mongoUri", "MONGO_URI"),
      Map.entry("mongoDatabase", "MONGO_DATABASE"),
      Map.entry("publicUrl", "PUBLIC_URL"),
      Map.entry("adminEmail", "OMNIHUB_ADMIN_EMAIL"),
      Map.entry("adminPassword", "OMNIHUB_ADMIN_PASSWORD"),
      Map.entry("defaultPhoneRegion", "DEFAULT_PHONE_REGION"),
      Map.entry("maxBodyBytes", "MAX_BODY_BYTES"),
      Map.entry("authTokenTtlMinutes", "AUTH_TOKEN_TTL_MINUTES"),
      Map.entry("outboxMaxAttempts", "OUTBOX_MAX_ATTEMPTS"),
      Map.entry("outboxRetryBaseMillis", "OUTBOX_RETRY_BASE_MS"),
      Map.entry("secretsKey", "SECRETS_KEY"),
      Map.entry("tlsKeyStore", "TLS_KEYSTORE"),
      Map.entry("tlsKeyStorePassword", "TLS_KEYSTORE_PASSWORD"),
      Map.entry("presenceTimeoutSeconds", "PRESENCE_TIMEOUT_SECONDS"),
      Map.entry("reassignOfflineSeconds", "REASSIGN_OFFLINE_SECONDS"),
      Map.entry("trustedProxies", "TRUSTED_PROXIES"),
      Map.entry("widgetSessionsPerMinute", "WIDGET_SESSIONS_PER_MINUTE"),
      Map.entry("widgetVisitorMessagesPerMinute", "WIDGET_VISITOR_MESSAGES_PER_MINUTE"),
      Map.entry("widgetAddressMessagesPerMinute", "WIDGET_ADDRESS_MESSAGES_PER_MINUTE"),
      Map.entry("widgetSearchesPerMinute", "WIDGET_SEARCHES_PER_MINUTE"),
      Map.entry("loginFreeAttemptsPerEmailAndAddress", "LOGIN_FREE_ATTEMPTS_PER_EMAIL_AND_ADDRESS"),
      Map.entry("loginFreeAttemptsPerEmail", "LOGIN_FREE_ATTEMPTS_PER_EMAIL"),
      Map.entry("loginFreeAttemptsPerAddress", "LOGIN_FREE_ATTEMPTS_PER_ADDRESS"),
      Map.entry("outboundAllowPrivateNetworks", "OUTBOUND_ALLOW_PRIVATE_NETWORKS"),
      Map.entry("httpIdleTimeoutSeconds", "HTTP_IDLE_TIMEOUT_SECONDS"),
      Map.entry("maxConnections", "MAX_CONNECTIONS"),
      Map.entry("httpRequestTimeoutSeconds", "HTTP_REQUEST_TIMEOUT_SECONDS"),
      Map.entry("auditRetentionDays", "AUDIT_RETENTION_DAYS"),
      Map.entry("conversationRetentionDays", "CONVERSATION_RETENTION_DAYS"),
      Map.entry("kbEmbeddings", "KB_EMBEDDINGS"),
      Map.entry("trendingWindowHours", "TRENDING_WINDOW_HOURS"),
      Map.entry("trendingMinCustomers", "TRENDING_MIN_CUSTOMERS"),
      Map.entry("repeatContactDays", "REPEAT_CONTACT_DAYS"),
      Map.entry("clusterMembers", "CLUSTER_MEMBERS"),
      Map.entry("clusterHost", "CLUSTER_HOST"),
      Map.entry("clusterPort", "CLUSTER_PORT"),
      Map.entry("nodeId", "NODE_ID"));

  private static final Set<String> REGIONS = Set.of(Locale.getISOCountries());

  private ConfigLoader() {
  }

  /** Reads the process environment and the config file it points at (or ./omnihub.json). */
  public static HubConfig fromEnvironment() {
    return load(System.getenv(), Path.of(""));
  }

  /**
   * Loads from explicit variables (tests use this with the same names users set).
   *
   * @throws IllegalArgumentException naming the setting when a value is invalid
   */
  public static HubConfig load(Map<String, String> environment, Path workingDir) {
    Map<String, String> values = new HashMap<>();
    readConfigFile(environment, workingDir, values);
    environment.forEach((key, value) -> {
      if (FILE_KEYS.containsValue(key) && value != null && !value.isBlank()) {
        values.put(key, value.trim());
      }
    });
    return build(values, workingDir);
  }

  private static void readConfigFile(Map<String, String> environment, Path workingDir, Map<String, String> values) {
    String explicit = environment.get(CONFIG_FILE_VARIABLE);
    Path file = workingDir.resolve(explicit != null && !explicit.isBlank() ? explicit : DEFAULT_CONFIG_FILE);
    if (!Files.exists(file)) {
      if (explicit != null && !explicit.isBlank()) {
        throw new IllegalArgumentException(CONFIG_FILE_VARIABLE + " points at " + file + ", which does not exist");
      }
      return;
    }
    JsonObject json;
    try {
      json = new JsonObject(Files.readString(file));
    } catch (IOException | DecodeException e) {
      throw new IllegalArgumentException("cannot read configuration file " + file + ": " + e.getMessage(), e);
    }
    for (String key : json.fieldNames()) {
      String variable = FILE_KEYS.containsKey(key) ? FILE_KEYS.get(key) : key;
      if (!FILE_KEYS.containsValue(variable)) {
        throw new IllegalArgumentException("unknown setting '" + key + "' in " + file + "; known: " + FILE_KEYS.keySet());
      }
      Object value = json.getValue(key);
      if (value instanceof JsonArray list) {
        // A list ("trustedProxies": ["10.0.0.0/8", "::1"]) is the comma-separated value of its variable.
        values.put(variable, String.join(",", list.stream().map(String::valueOf).toList()));
      } else if (value != null) {
        values.put(variable, value.toString());
      }
    }
  }

  private static HubConfig build(Map<String, String> values, Path workingDir) {
    String region = values.getOrDefault("DEFAULT_PHONE_REGION", "US").toUpperCase(Locale.ROOT);
    if (!REGIONS.contains(region)) {
      throw new IllegalArgumentException("DEFAULT_PHONE_REGION must be an ISO 3166 country code such as US or DE, not '" + region + "'");
    }
    String mongoUri = values.get("MONGO_URI");
    if (mongoUri != null && !mongoUri.startsWith("mongodb://") && !mongoUri.startsWith("mongodb+srv://")) {
      throw new IllegalArgumentException("MONGO_URI must start with mongodb:// or mongodb+srv://");
    }
    ClusterSettings cluster = ClusterSettings.parse(values.get("CLUSTER_MEMBERS"), values.get("CLUSTER_HOST"),
        integer(values, "CLUSTER_PORT", 5701, 1, 65535), values.get("NODE_ID"));
    if (cluster.clustered() && mongoUri == null) {
      throw new IllegalArgumentException("CLUSTER_MEMBERS needs MONGO_URI: the nodes of a cluster share one store "
          + "(MongoDB, or `omnihub store` on one machine)");
    }
    String publicUrl = values.get("PUBLIC_URL");
    if (publicUrl != null) {
      publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }
    return new HubConfig(
        values.getOrDefault("HTTP_HOST", "127.0.0.1"),
        integer(values, "HTTP_PORT", 8080, 0, 65535),
        integer(values, "SMTP_PORT", 2525, -1, 65535),
        workingDir.resolve(values.getOrDefault("DATA_DIR", "data")).toAbsolutePath().normalize(),
        mongoUri,
        values.getOrDefault("MONGO_DATABASE", "omnihub"),
        publicUrl,
        values.get("OMNIHUB_ADMIN_EMAIL"),
        values.get("OMNIHUB_ADMIN_PASSWORD"),
        region,
        integer(values, "MAX_BODY_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024),
        Duration.ofMinutes(integer(values, "AUTH_TOKEN_TTL_MINUTES", 12 * 60, 1, 30 * 24 * 60)),
        integer(values, "OUTBOX_MAX_ATTEMPTS", 8, 1, 100),
        Duration.ofMillis(integer(values, "OUTBOX_RETRY_BASE_MS", 2000, 10, 3_600_000)),
        secretsKey(values.get("SECRETS_KEY")),
        keyStore(values, workingDir),
        values.getOrDefault("TLS_KEYSTORE_PASSWORD", ""),
        Duration.ofSeconds(integer(values, "PRESENCE_TIMEOUT_SECONDS", 90, 1, 3600)),
        Duration.ofSeconds(integer(values, "REASSIGN_OFFLINE_SECONDS", 60, 1, 7 * 24 * 3600)),
        TrustedProxies.parse(values.get("TRUSTED_PROXIES")),
        limits(values),
        bool(values, "OUTBOUND_ALLOW_PRIVATE_NETWORKS"),
        Duration.ofSeconds(integer(values, "HTTP_IDLE_TIMEOUT_SECONDS", 120, 1, 3600)),
        integer(values, "MAX_CONNECTIONS", 20_000, 1, 1_000_000),
        Duration.ofSeconds(integer(values, "HTTP_REQUEST_TIMEOUT_SECONDS", 60, 1, 3600)),
        days(values, "AUDIT_RETENTION_DAYS"),
        days(values, "CONVERSATION_RETENTION_DAYS"),
        bool(values, "KB_EMBEDDINGS", true),
        Duration.ofHours(integer(values, "TRENDING_WINDOW_HOURS", 24, 1, 24 * 30)),
        integer(values, "TRENDING_MIN_CUSTOMERS", 3, 2, 10_000),
        Duration.ofDays(integer(values, "REPEAT_CONTACT_DAYS", 7, 1, 365)),
        cluster);
  }

  private static ClientLimits limits(Map<String, String> values) {
    ClientLimits defaults = ClientLimits.DEFAULTS;
    int max = 10_000_000;
    return new ClientLimits(
        integer(values, "WIDGET_SESSIONS_PER_MINUTE", defaults.widgetSessionsPerMinute(), 1, max),
        integer(values, "WIDGET_VISITOR_MESSAGES_PER_MINUTE", defaults.widgetVisitorMessagesPerMinute(), 1, max),
        integer(values, "WIDGET_ADDRESS_MESSAGES_PER_MINUTE", defaults.widgetAddressMessagesPerMinute(), 1, max),
        integer(values, "WIDGET_SEARCHES_PER_MINUTE", defaults.widgetSearchesPerMinute(), 1, max),
        integer(values, "LOGIN_FREE_ATTEMPTS_PER_EMAIL_AND_ADDRESS", defaults.loginFreePerEmailAndAddress(), 1, 1_000),
        integer(values, "LOGIN_FREE_ATTEMPTS_PER_EMAIL", defaults.loginFreePerEmail(), 1, 100_000),
        integer(values, "LOGIN_FREE_ATTEMPTS_PER_ADDRESS", defaults.loginFreePerAddress(), 1, max));
  }

  /** A retention in days; 0 or unset keeps everything. */
  private static Duration days(Map<String, String> values, String name) {
    int days = integer(values, name, 0, 0, 100 * 365);
    return days == 0 ? null : Duration.ofDays(days);
  }

  private static boolean bool(Map<String, String> values, String name) {
    return bool(values, name, false);
  }

  private static boolean bool(Map<String, String> values, String name, boolean otherwise) {
    String value = values.getOrDefault(name, String.valueOf(otherwise)).strip().toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
    }
    return value.equals("true");
  }

  private static Path keyStore(Map<String, String> values, Path workingDir) {
    String file = values.get("TLS_KEYSTORE");
    if (file == null) {
      return null;
    }
    Path path = workingDir.resolve(file).toAbsolutePath().normalize();
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException("TLS_KEYSTORE points at " + path + ", which cannot be read");
    }
    return path;
  }

  private static String secretsKey(String value) {
    if (value != null) {
      SecretKeys.decode(value, "SECRETS_KEY");
    }
    return value;
  }

  private static int integer(Map<String, String> values, String name, int fallback, int min, int max) {
    String text = values.get(name);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value < min || value > max) {
        throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not '" + text + "'", e);
    }
  }
}
