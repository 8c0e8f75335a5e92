package dev.omnihub.hub.config;

import dev.omnihub.hub.limits.ClientLimits;
import dev.omnihub.hub.net.TrustedProxies;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the hub is configured with, built once at start-up by {@link ConfigLoader}. No other
 * class reads the environment.
 *
 * @param httpHost           bind address of the HTTP server
 * @param httpPort           HTTP port; 0 picks a free one
 * @param smtpPort           inbound SMTP port; 0 picks a free one; -1 turns SMTP off
 * @param dataDir            embedded store, Lucene indexes, attachments
 * @param mongoUri           an external MongoDB to use instead of the embedded store, or {@code null}
 * @param mongoDatabase      database name
 * @param publicUrl          the URL providers call, or {@code null} for http://localhost:port
 * @param adminEmail         bootstrap admin, or {@code null} for admin@omnihub.local
 * @param adminPassword      bootstrap admin password, or {@code null} to generate and print one
 * @param defaultPhoneRegion ISO 3166 region for phone numbers written without a country code
 * @param maxBodyBytes       largest accepted JSON request body of the REST API
 * @param authTokenTtl       lifetime of an agent's login token
 * @param outboxMaxAttempts  delivery attempts before an outbound message is marked failed
 * @param outboxRetryBase    wait after the first failed delivery; later waits grow fourfold
 * @param secretsKey         base64 key that encrypts credentials in the store, or {@code null} to use
 *                           (and on first start create) {@code DATA_DIR/secrets.key}; hubs sharing one
 *                           MongoDB must share it
 * @param tlsKeyStore        a PKCS#12 key store with the certificate SMTP offers with STARTTLS, or
 *                           {@code null} for no STARTTLS
 * @param tlsKeyStorePassword its password
 * @param presenceTimeout    an agent socket that has not pinged for this long is closed (and, if it
 *                           was the agent's last, the agent is offline)
 * @param reassignOffline    how long an agent may be offline before their chats whose customer waits go
 *                           back to the queue
 * @param trustedProxies     reverse proxies whose {@code X-Forwarded-For} names the client
 * @param limits             per-client limits (widget sessions, messages and searches; login throttle)
 * @param outboundAllowPrivateNetworks webhooks (api channels, bots) may go to this machine and private
 *                           networks; off by default (server-side request forgery)
 * @param httpIdleTimeout    a connection (HTTP or WebSocket) that sends nothing this long is closed
 * @param maxConnections     connections held at once per node; more are closed as they arrive
 * @param httpRequestTimeout an API or webhook request not complete (body included) and answered this
 *                           long after it began gets 408
 * @param auditRetention     audit entries older than this are deleted, or {@code null} to keep them
 * @param conversationRetention resolved and closed conversations untouched this long are deleted with
 *                           their messages and files, or {@code null} to keep them
 * @param kbEmbeddings       the knowledge base ranks with sentence embeddings beside words (hybrid);
 *                           off, it ranks by words alone and loads no model
 * @param repeatContactWindow how far back rules' {@code customer.recentContacts} counts a customer's contacts
 * @param cluster            where this node meets the other nodes of its cluster (none: alone on its bus)
 * @param trendingWindow     questions from {@code trendingMinCustomers} customers within this long
 *                           about one problem raise a supervisor alert (once per problem and window)
 */
public record HubConfig(
    String httpHost,
    int httpPort,
    int smtpPort,
    Path dataDir,
    String mongoUri,
    String mongoDatabase,
    String publicUrl,
    String adminEmail,
    String adminPassword,
    String defaultPhoneRegion,
    int maxBodyBytes,
    Duration authTokenTtl,
    int outboxMaxAttempts,
    Duration outboxRetryBase,
    String secretsKey,
    Path tlsKeyStore,
    String tlsKeyStorePassword,
    Duration presenceTimeout,
    Duration reassignOffline,
    TrustedProxies trustedProxies,
    ClientLimits limits,
    boolean outboundAllowPrivateNetworks,
    Duration httpIdleTimeout,
    int maxConnections,
    Duration httpRequestTimeout,
    Duration auditRetention,
    Duration conversationRetention,
    boolean kbEmbeddings,
    Duration trendingWindow,
    int trendingMinCustomers,
    Duration repeatContactWindow,
    ClusterSettings cluster) {

  public HubConfig {
    Objects.requireNonNull(httpHost, "httpHost");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(mongoDatabase, "mongoDatabase");
    Objects.requireNonNull(defaultPhoneRegion, "defaultPhoneRegion");
    Objects.requireNonNull(authTokenTtl, "authTokenTtl");
    Objects.requireNonNull(outboxRetryBase, "outboxRetryBase");
    Objects.requireNonNull(trustedProxies, "trustedProxies");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(cluster, "cluster");
  }

  @Override
  public String toString() {
    // Never print the admin password or the secrets key.
    return "HubConfig[httpHost=" + httpHost + ", httpPort=" + httpPort + ", smtpPort=" + smtpPort + ", dataDir=" + dataDir
        + ", mongo=" + (mongoUri == null ? "embedded" : "external") + ", mongoDatabase=" + mongoDatabase + ", publicUrl=" + publicUrl
        + ", adminEmail=" + adminEmail + ", defaultPhoneRegion=" + defaultPhoneRegion + ", trustedProxies=" + trustedProxies + "]";
  }

  /** True when the hub runs its own embedded MongoDB-compatible store. */
  public boolean embeddedStore() {
    return mongoUri == null;
  }

  /** The public base URL for the given actual HTTP port (used when {@code PUBLIC_URL} is unset). */
  public String publicUrlFor(int actualHttpPort) {
    return publicUrl != null ? publicUrl : "http://localhost:" + actualHttpPort;
  }
}
