package dev.omnihub.hub;

import dev.omnihub.hub.config.ConfigLoader;
import dev.omnihub.hub.config.HubConfig;
import dev.omnihub.hub.secrets.SecretKeys;
import dev.omnihub.hub.secrets.SecretUnreadableException;
import dev.omnihub.hub.store.StoreUnavailableException;

/** Start-up: configuration, then the hub, then the ready line; SIGTERM stops it cleanly. */
public final class HubMain {

  /** Held so the setting sticks: JUL keeps loggers only weakly. */
  private static final java.util.logging.Logger LUCENE_VECTOR_LOG =
      java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

  private HubMain() {
  }

  public static void main(String[] args) {
    if (args.length > 0 && "store".equals(args[0])) {
      StoreMain.run();
      return;
    }
    // Lucene suggests --add-modules jdk.incubator.vector at every start; it is an optimization we skip.
    LUCENE_VECTOR_LOG.setLevel(java.util.logging.Level.SEVERE);
    HubConfig config;
    try {
      config = ConfigLoader.fromEnvironment();
    } catch (IllegalArgumentException e) {
      System.err.println("omnihub: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    Hub hub;
    try {
      hub = Hub.start(config);
    } catch (StoreUnavailableException e) {
      System.err.println("omnihub: cannot open the store: " + e.getMessage());
      System.exit(1);
      return;
    } catch (SecretUnreadableException e) {
      System.err.println("omnihub: cannot read the stored credentials: " + e.getMessage() + ". Start with the SECRETS_KEY (or the "
          + SecretKeys.KEY_FILE + " in DATA_DIR) they were written with.");
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("omnihub-shutdown").unstarted(hub::close));
    // A node fenced out of its cluster writes nothing more; it exits so that its supervisor starts it afresh.
    hub.services().cluster().onFenced(reason -> Thread.ofPlatform().name("omnihub-fenced").start(() -> {
      System.err.println("omnihub: leaving: " + reason);
      System.exit(75);
    }));
    // The one line scripts wait for (see API.md). SMTP arrives with the email channel: -1 means off.
    System.out.println("OmniHub listening http=" + hub.httpPort() + " smtp=" + hub.smtpPort());
    System.out.println("OmniHub API at " + hub.publicUrl() + "/api/v1 (OpenAPI: " + hub.publicUrl() + "/api/v1/openapi.json), data in "
        + hub.dataDir());
  }
}
