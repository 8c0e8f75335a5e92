package dev.omnihub.hub.config;

import com.mongodb.internal.authentication.SaslPrep;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code omnihub store} is told by its environment (API.md, "Several nodes"): where to listen, the
 * password of the {@code omnihub} user, and where the data lives. There is no default password: a
 * store on a port other programs can reach must not open without one.
 *
 * @param host     {@code STORE_HOST}, 127.0.0.1 by default
 * @param port     {@code STORE_PORT}, 27017 by default (0: any free port)
 * @param password {@code STORE_PASSWORD}, required
 * @param dataDir  {@code DATA_DIR}, {@code data} by default
 */
public record StoreSettings(String host, int port, String password, Path dataDir) {

  public static final int DEFAULT_PORT = 27017;

  /**
   * Reads the settings from the environment.
   *
   * @throws IllegalArgumentException naming the setting that is missing or wrong
   */
  public static StoreSettings load(Map<String, String> environment, Path workingDir) {
    String password = environment.get("STORE_PASSWORD");
    if (password == null || password.isBlank()) {
      throw new IllegalArgumentException("STORE_PASSWORD is required: the password nodes log in to the store with "
          + "(MONGO_URI=mongodb://omnihub:<password>@<host>:<port>/omnihub)");
    }
    try {
      // What the driver does to the password before logging in; it refuses control characters and code
      // points Unicode 3.2 did not assign (emoji), so no node could log in with such a password.
      SaslPrep.saslPrepStored(password);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("STORE_PASSWORD cannot be used to log in with SCRAM-SHA-256: " + e.getMessage());
    }
    String host = environment.getOrDefault("STORE_HOST", "127.0.0.1").strip();
    if (host.isEmpty()) {
      throw new IllegalArgumentException("STORE_HOST must not be empty");
    }
    String portText = environment.getOrDefault("STORE_PORT", Integer.toString(DEFAULT_PORT)).strip();
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("STORE_PORT must be a port number, not '" + portText + "'");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("STORE_PORT must be between 0 and 65535, not " + port);
    }
    Path dataDir = workingDir.resolve(environment.getOrDefault("DATA_DIR", "data")).toAbsolutePath().normalize();
    return new StoreSettings(host, port, password, dataDir);
  }

  public static StoreSettings fromEnvironment() {
    return load(System.getenv(), Path.of(""));
  }
}
