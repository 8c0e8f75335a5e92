package dev.omnihub.hub.store;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import dev.omnihub.hub.store.embedded.LegacyStoreMigration;
import dev.omnihub.hub.store.embedded.MvBackend;
import dev.omnihub.hub.store.embedded.QueryObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongConsumer;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default store: mongo-java-server's MongoDB wire protocol on a loopback port, served by the hub's
 * own {@link MvBackend} over an H2 MVStore file under the data directory that the hub opens and
 * commits itself (see {@link GroupCommitter}). The hub connects to it with the MongoDB driver like to
 * any MongoDB.
 */
final class EmbeddedMongo implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);
  static final String STORE_FILE = "omnihub.mv.db";
  private static final int CACHE_MEGABYTES = 64;

  private final MVStore store;
  private final MongoServer server;
  private final GroupCommitter committer;
  private final StoreCompactor compactor;
  private final InetSocketAddress address;

  private EmbeddedMongo(MVStore store, MongoServer server, GroupCommitter committer, StoreCompactor compactor,
      InetSocketAddress address) {
    this.store = store;
    this.server = server;
    this.committer = committer;
    this.compactor = compactor;
    this.address = address;
  }

  /**
   * Opens (or creates) the store file under {@code dataDir} and starts the wire-protocol server.
   *
   * @throws StoreUnavailableException when the file is locked by another process or unreadable
   */
  static EmbeddedMongo start(Path dataDir, LongConsumer commitBatchObserver, QueryObserver queryObserver) {
    Path file = dataDir.resolve(STORE_FILE);
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
    }
    MVStore store = open(file);
    ReadWriteLock lock = new ReentrantReadWriteLock();
    MongoServer server;
    try {
      LegacyStoreMigration.migrateIfNeeded(store);
      server = new MongoServer(new MvBackend(store, lock.readLock(), queryObserver).version(ServerVersion.MONGO_5_0));
    } catch (RuntimeException e) {
      store.close();
      throw new StoreUnavailableException("cannot open the embedded store in " + file + ": " + e.getMessage(), e);
    }
    GroupCommitter committer = new GroupCommitter(store, lock, commitBatchObserver);
    try {
      server.bind("127.0.0.1", 0);
    } catch (RuntimeException e) {
      committer.close();
      store.close();
      throw new StoreUnavailableException("cannot start the embedded store server: " + e.getMessage(), e);
    }
    InetSocketAddress address = server.getLocalAddress();
    log.info("Embedded store {} serving on {}", file, address);
    return new EmbeddedMongo(store, server, committer, new StoreCompactor(store, lock, StoreCompactor.IDLE_AFTER), address);
  }

  /** Opens the store file with the settings the group commit and the compactor rely on. */
  static MVStore open(Path file) {
    try {
      MVStore store = new MVStore.Builder()
          .fileName(file.toString())
          // No background commits: the group committer decides when state becomes durable...
          .autoCommitDisabled()
          // ...and no size-triggered commit may run in the middle of a command either.
          .autoCommitBufferSize(0)
          .cacheSize(CACHE_MEGABYTES)
          .open();
      // Free superseded chunks at the next commit: with fsync on every commit nothing older is needed for
      // recovery, and no reader can be on an older version, since commands (which hold the shared side of
      // the command lock) and commits (which hold the exclusive side) never overlap.
      store.setRetentionTime(0);
      store.setVersionsToKeep(0);
      return store;
    } catch (MVStoreException e) {
      String hint = e.getMessage() != null && e.getMessage().contains("locked")
          ? " (is another OmniHub using this DATA_DIR?)" : "";
      throw new StoreUnavailableException("cannot open " + file + hint + ": " + e.getMessage(), e);
    }
  }

  String connectionString() {
    return "mongodb://" + address.getHostString() + ":" + address.getPort();
  }

  Durability durability() {
    return committer;
  }

  /** Why the last commit failed, or {@code null} when commits succeed. */
  Throwable lastCommitFailure() {
    return committer.lastFailure();
  }

  /** The size of the store file in bytes. */
  long fileBytes() {
    return store.isClosed() ? 0 : store.getFileStore().size();
  }

  /**
   * The bytes of the file that hold live data: the share of the file's blocks in use (the rest is free
   * space the next chunks reuse) times the share of those chunks' pages that are still referenced.
   */
  long liveBytes() {
    return store.isClosed() ? 0 : fileBytes() * compactor.livePercent() / 100;
  }

  /** Stops serving, commits and syncs what was written, then closes the file. */
  @Override
  public void close() {
    server.shutdownNow();
    compactor.close();
    committer.close();
    try {
      store.commit();
      store.sync();
    } finally {
      store.close();
    }
    log.info("Embedded store closed");
  }
}
