package dev.omnihub.hub.store.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.mvstore.MVStore;

/** An {@link MvBackend} on a loopback port with a driver client, for tests that talk to it as the hub does. */
final class ServedStore implements AutoCloseable {

  private final MVStore store;
  private final MongoServer server;
  private final MongoClient client;

  private ServedStore(MVStore store, QueryObserver observer) {
    this.store = store;
    this.server = new MongoServer(new MvBackend(store, new ReentrantReadWriteLock().readLock(), observer));
    server.bind("127.0.0.1", 0);
    this.client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
  }

  static ServedStore inMemory() {
    return new ServedStore(new MVStore.Builder().open(), QueryObserver.NONE);
  }

  /** On a file; committed by {@link #close()} only, like the hub (whose group commit is not needed here). */
  static ServedStore onFile(Path file, QueryObserver observer) {
    return new ServedStore(new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open(), observer);
  }

  MongoDatabase database() {
    return client.getDatabase("test");
  }

  MVStore mvStore() {
    return store;
  }

  @Override
  public void close() {
    client.close();
    server.shutdownNow();
    if (!store.isClosed()) {
      store.commit();
      store.close();
    }
  }
}
