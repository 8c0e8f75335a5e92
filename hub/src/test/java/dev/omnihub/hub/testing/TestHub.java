package dev.omnihub.hub.testing;

import dev.omnihub.hub.Hub;
import dev.omnihub.hub.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** A real hub on a free port with its embedded store under a test directory. */
public final class TestHub implements AutoCloseable, RunningHub {

  public static final String ADMIN_EMAIL = "admin@test.local";
  public static final String ADMIN_PASSWORD = "admin-password-1";

  private final Hub hub;
  private final HubClient client;
  private String adminToken;

  private TestHub(Hub hub) {
    this.hub = hub;
    this.client = new HubClient("http://127.0.0.1:" + hub.httpPort());
  }

  public static TestHub start(Path dataDir) {
    return start(dataDir, Map.of());
  }

  /** Starts with the variables a user would set; {@code settings} override the test defaults. */
  public static TestHub start(Path dataDir, Map<String, String> settings) {
    return start(dataDir, settings, Clock.systemUTC());
  }

  /**
   * Starts on a clock of the test's ({@link ManualClock}), so that expiries, silences and timers come
   * when the test moves it, without sleeping. Start it at the real time: clients sign with their own.
   */
  public static TestHub start(Path dataDir, Map<String, String> settings, Clock clock) {
    Map<String, String> env = new HashMap<>();
    env.put("DATA_DIR", dataDir.toString());
    env.put("HTTP_PORT", "0");
    env.put("SMTP_PORT", "0");
    env.put("OMNIHUB_ADMIN_EMAIL", ADMIN_EMAIL);
    env.put("OMNIHUB_ADMIN_PASSWORD", ADMIN_PASSWORD);
    env.put("OUTBOX_RETRY_BASE_MS", "50");
    // Tests' webhook receivers listen on this machine (API.md: tests set it).
    env.put("OUTBOUND_ALLOW_PRIVATE_NETWORKS", "true");
    // MONGO_URI=mongodb://... runs the suite against a real MongoDB, one database per hub.
    String mongoUri = System.getenv("MONGO_URI");
    if (mongoUri != null && !mongoUri.isBlank()) {
      env.put("MONGO_URI", mongoUri);
      env.put("MONGO_DATABASE", "omnihub_test_" + Long.toHexString(System.nanoTime()));
    }
    env.putAll(settings);
    return new TestHub(Hub.start(ConfigLoader.load(env, dataDir), clock));
  }

  @Override
  public Hub hub() {
    return hub;
  }

  @Override
  public HubClient client() {
    return client;
  }

  @Override
  public synchronized String adminToken() {
    if (adminToken == null) {
      adminToken = client.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    }
    return adminToken;
  }

  @Override
  public void close() {
    hub.close();
  }
}
