package dev.omnihub.hub.store;

import java.nio.file.Path;

/**
 * The embedded store served on its own ({@code omnihub store}), so that several hub nodes on one
 * machine share it as they would share MongoDB: they log in with SCRAM-SHA-256 as {@code omnihub} and
 * every write they make is answered once it is durable.
 */
public final class StoreServer implements AutoCloseable {

  private final EmbeddedMongo store;

  private StoreServer(EmbeddedMongo store) {
    this.store = store;
  }

  /**
   * Opens the store under {@code dataDir} and serves it on {@code host:port} (port 0: any free port).
   *
   * @throws StoreUnavailableException when the file is locked or unreadable, or the port is taken
   */
  public static StoreServer start(Path dataDir, String host, int port, String password) {
    return new StoreServer(EmbeddedMongo.serve(dataDir, host, port, password));
  }

  /** The port it listens on. */
  public int port() {
    return store.port();
  }

  @Override
  public void close() {
    store.close();
  }
}
