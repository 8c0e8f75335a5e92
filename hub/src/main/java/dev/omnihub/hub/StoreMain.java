package dev.omnihub.hub;

import dev.omnihub.hub.config.StoreSettings;
import dev.omnihub.hub.store.StoreServer;
import dev.omnihub.hub.store.StoreUnavailableException;

/** {@code omnihub store}: serves only the embedded store, for several nodes on one machine (API.md, "Several nodes"). */
final class StoreMain {

  private StoreMain() {
  }

  static void run() {
    StoreSettings settings;
    try {
      settings = StoreSettings.fromEnvironment();
    } catch (IllegalArgumentException e) {
      System.err.println("omnihub store: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    StoreServer server;
    try {
      server = StoreServer.start(settings.dataDir(), settings.host(), settings.port(), settings.password());
    } catch (StoreUnavailableException e) {
      System.err.println("omnihub store: cannot open the store: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("omnihub-store-shutdown").unstarted(server::close));
    // The one line scripts wait for (see API.md).
    System.out.println("OmniHub store listening port=" + server.port());
    System.out.println("OmniHub store: nodes connect with MONGO_URI=mongodb://omnihub:<STORE_PASSWORD>@" + settings.host() + ":"
        + server.port() + "/omnihub; data in " + settings.dataDir());
  }
}
