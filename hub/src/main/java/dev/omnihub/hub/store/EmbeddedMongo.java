package dev.omnihub.hub.store;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import dev.omnihub.hub.store.embedded.LegacyStoreMigration;
import dev.omnihub.hub.store.embedded.MvBackend;
import dev.omnihub.hub.store.embedded.QueryObserver;
import dev.omnihub.hub.store.embedded.WireCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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
  private static final int KEYS_PER_PAGE = 16;
  /**
   * H2 keeps decoded pages in this cache; a page that misses it is read from the file and decoded whole
   * (a leaf of the messages map is 16 documents), so the cache decides how often a read pays that. An
   * eighth of the heap, at least 64 and at most 512 MiB.
   */
  private static final int CACHE_MEGABYTES = (int) Math.max(64, Math.min(512, Runtime.getRuntime().maxMemory() / 8 / (1024 * 1024)));

  private final MVStore store;
  private final MongoServer server;
  private final GroupCommitter committer;
  private final StoreCompactor compactor;
  private final InetSocketAddress address;
  private final WireCredentials credentials;

  private EmbeddedMongo(MVStore store, MongoServer server, GroupCommitter committer, StoreCompactor compactor,
      InetSocketAddress address, WireCredentials credentials) {
    this.credentials = credentials;
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
    return start(dataDir, "127.0.0.1", 0, new WireCredentials(), false, commitBatchObserver, queryObserver);
  }

  /**
   * Opens the store under {@code dataDir} and serves it to other processes on {@code host:port}
   * ({@code omnihub store}): clients log in as {@link WireCredentials#USER} with {@code password}, and
   * every write is answered once durable, since those clients cannot wait for the group commit themselves.
   */
  static EmbeddedMongo serve(Path dataDir, String host, int port, String password) {
    return start(dataDir, host, port, new WireCredentials(password), true, batch -> { }, QueryObserver.NONE);
  }

  private static EmbeddedMongo start(Path dataDir, String host, int port, WireCredentials credentials, boolean durableReplies,
      LongConsumer commitBatchObserver, QueryObserver queryObserver) {
    Path file = dataDir.resolve(STORE_FILE);
    try {
      Files.createDirectories(dataDir);
      // The store, the node's name and the secrets key live here: for this user's eyes only.
      if (dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(dataDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      }
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
    }
    MVStore store = open(file);
    ReadWriteLock lock = new ReentrantReadWriteLock();
    MongoServer server;
    MvBackend backend;
    try {
      LegacyStoreMigration.migrateIfNeeded(store);
      backend = new MvBackend(store, lock.readLock(), queryObserver, credentials);
      server = new MongoServer(backend.version(ServerVersion.MONGO_5_0));
    } catch (RuntimeException e) {
      store.close();
      throw new StoreUnavailableException("cannot open the embedded store in " + file + ": " + e.getMessage(), e);
    }
    StoreCompactor compactor = new StoreCompactor(store, lock, StoreCompactor.IDLE_AFTER);
    GroupCommitter committer = new GroupCommitter(store, lock, commitBatchObserver, compactor::beforeCommit);
    try {
      // After the backend opened every collection's maps (H2 copies pages of open maps only).
      compactor.compactBeforeServing();
      if (durableReplies) {
        backend.answerWritesWhenDurable(() -> awaitCommit(committer));
        // A worker thread waits for the commit with each write it answers; enough of them that several
        // nodes' writes share a commit.
        server.bind(new InetSocketAddress(host, port), 1, SERVED_WORKER_THREADS);
      } else {
        server.bind(host, port);
      }
    } catch (RuntimeException e) {
      compactor.close();
      committer.close();
      store.close();
      throw new StoreUnavailableException("cannot start the embedded store server: " + e.getMessage(), e);
    }
    InetSocketAddress address = server.getLocalAddress();
    log.info("Embedded store {} serving on {}", file, address);
    return new EmbeddedMongo(store, server, committer, compactor, address, credentials);
  }

  /** Threads answering other processes' commands, each waiting for the commit of its writes. */
  private static final int SERVED_WORKER_THREADS = 64;

  private static void awaitCommit(GroupCommitter committer) {
    try {
      committer.awaitDurable().toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new de.bwaldvogel.mongo.exception.MongoServerException("interrupted while committing");
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new de.bwaldvogel.mongo.exception.MongoServerException("the write could not be made durable: " + e.getMessage());
    }
  }

  /** Opens the store file with the settings the group commit and the compactor rely on. */
  static MVStore open(Path file) {
    try {
      Map<String, Object> fileConfig = new HashMap<>();
      fileConfig.put("cacheSize", CACHE_MEGABYTES);
      // No housekeeping by H2 (which writes chunks): StoreCompactor does that.
      fileConfig.put("autoCompactFillRate", 0);
      CompactingFileStore fileStore = new CompactingFileStore(fileConfig);
      fileStore.open(file.toString(), false, null);
      MVStore store = new MVStore.Builder()
          .adoptFileStore(fileStore)
          // No background commits: the group committer decides when state becomes durable...
          .autoCommitDisabled()
          // ...and no size-triggered commit may run in the middle of a command either.
          .autoCommitBufferSize(0)
          // Every commit rewrites each page it touched whole; smaller pages than H2's 48 keys halve that
          // work (measured: 2.5 instead of 3.2 ms of CPU per ingested message; 8 keys was slower again).
          .keysPerPage(KEYS_PER_PAGE)
          // LZF on every page written (H2 marks each page, so pages written uncompressed before still read).
          .compress()
          .open();
      // Free superseded chunks at the next commit: with fsync on every commit nothing older is needed for
      // recovery, and no reader is on an older version: versions are cut under the exclusive side of the
      // command lock, so every command reads the newest one.
      store.setRetentionTime(0);
      store.setVersionsToKeep(0);
      // H2 hands a commit's serialization to its own thread only while its background writer runs; run it,
      // with a delay so long that it never commits by itself (and with housekeeping off, it does nothing).
      store.setAutoCommitDelay(Integer.MAX_VALUE);
      return store;
    } catch (MVStoreException e) {
      String hint = e.getMessage() != null && e.getMessage().contains("locked")
          ? " (is another OmniHub using this DATA_DIR?)" : "";
      throw new StoreUnavailableException("cannot open " + file + hint + ": " + e.getMessage(), e);
    }
  }

  int port() {
    return address.getPort();
  }

  String connectionString() {
    return "mongodb://" + address.getHostString() + ":" + address.getPort();
  }

  /** How the hub's own client logs in (a password made up at this start, kept in memory). */
  com.mongodb.MongoCredential credential() {
    return com.mongodb.MongoCredential.createScramSha256Credential(WireCredentials.USER, "admin", credentials.password().toCharArray());
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
   * The bytes of the file that hold live data: of each chunk's blocks, the share its live pages take
   * (the rest of the file is garbage and free space the next chunks reuse).
   */
  long liveBytes() {
    return store.isClosed() ? 0 : compactor.space().liveBytes();
  }

  /** {@link #liveBytes()} over {@link #fileBytes()}, 0 to 1. */
  double liveRatio() {
    if (store.isClosed()) {
      return 0;
    }
    CompactingFileStore.Space space = compactor.space();
    return space.fileBytes() == 0 ? 0 : (double) space.liveBytes() / space.fileBytes();
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
