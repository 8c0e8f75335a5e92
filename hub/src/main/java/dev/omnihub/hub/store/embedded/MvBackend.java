package dev.omnihub.hub.store.embedded;

import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's MongoDB semantics over the hub's own MVStore maps: documents and index keys as
 * BSON, real secondary indexes, and a query planner (see {@link QueryPlanner}). Every command runs
 * under the shared side of the command lock; whoever commits the store takes the exclusive side, so a
 * commit never captures half of a command (one insert touches the documents and every index map).
 * The store is opened, committed and closed by its owner, not here.
 */
public final class MvBackend extends AbstractMongoBackend {

  private final MVStore store;
  private final Lock commandLock;
  private final QueryObserver observer;
  private final IndexStates states;
  private final WireCredentials credentials;
  /** Waits until what was written is durable; {@code null} when the store's owner waits itself (the hub's own client). */
  private volatile DurableReplies durableReplies;

  /**
   * Holds the answer to a write until it is durable, for a store served to other processes
   * ({@code omnihub store}): their driver takes an acknowledged write as stored, as it may with MongoDB's
   * journaled write concern.
   */
  @FunctionalInterface
  public interface DurableReplies {

    /** Blocks until every write that completed before the call is on stable storage. */
    void awaitDurable();
  }

  /** The commands a driver opens a connection with. */
  private static final Set<String> HANDSHAKES = Set.of("hello", "ismaster");

  /** Write commands whose answer waits for {@link DurableReplies} when it is set. */
  private static final Set<String> WRITE_COMMANDS = Set.of("insert", "update", "delete", "findandmodify", "createindexes", "dropindexes",
      "drop", "dropdatabase", "create", "renamecollection");

  /**
   * @param commandLock the shared side of the lock whose exclusive side guards commits
   */
  public MvBackend(MVStore store, Lock commandLock, QueryObserver observer) {
    this(store, commandLock, observer, null);
  }

  /** @param credentials who may use the wire protocol; {@code null} lets every connection in (tests of the backend alone) */
  public MvBackend(MVStore store, Lock commandLock, QueryObserver observer, WireCredentials credentials) {
    this.credentials = credentials;
    this.store = store;
    this.commandLock = commandLock;
    this.observer = observer;
    this.states = new IndexStates(store);
    for (String databaseName : storedDatabases(store)) {
      resolveDatabase(databaseName);
    }
  }

  /** Makes every write command answer only once durable (a store served to other processes). */
  public void answerWritesWhenDurable(DurableReplies replies) {
    this.durableReplies = replies;
  }

  /** True when the store holds data in this backend's format. */
  public static boolean holdsData(MVStore store) {
    return !storedDatabases(store).isEmpty();
  }

  private static Set<String> storedDatabases(MVStore store) {
    Set<String> names = new LinkedHashSet<>();
    for (String mapName : store.getMapNames()) {
      if (mapName.startsWith(MvDatabase.DATA_PREFIX)) {
        String namespace = mapName.substring(MvDatabase.DATA_PREFIX.length());
        names.add(namespace.substring(0, namespace.indexOf('.')));
      }
    }
    return names;
  }

  @Override
  public void handleClose(Channel channel) {
    if (credentials != null) {
      credentials.closed(channel);
    }
    super.handleClose(channel);
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return new MvDatabase(databaseName, store, states, getCursorRegistry(), observer);
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    if (credentials != null) {
      // Logging in answers here; any other command of a connection that has not logged in is refused.
      Document answer = credentials.intercept(channel, command, query);
      if (answer != null) {
        return answer;
      }
    }
    Document answer;
    commandLock.lock();
    try {
      answer = super.handleCommand(channel, database, command, query);
    } finally {
      commandLock.unlock();
    }
    if (credentials != null && HANDSHAKES.contains(command.toLowerCase(java.util.Locale.ROOT)) && query.containsKey("saslSupportedMechs")) {
      // A driver given only a user and a password asks which mechanism to log in with (else it tries SCRAM-SHA-1).
      answer.put("saslSupportedMechs", java.util.List.of("SCRAM-SHA-256"));
    }
    DurableReplies replies = durableReplies;
    if (replies != null && WRITE_COMMANDS.contains(command.toLowerCase(java.util.Locale.ROOT))) {
      // Outside the command lock: the commit takes its exclusive side. The server's worker threads wait
      // here together, so one commit answers all of them.
      replies.awaitDurable();
    }
    return answer;
  }

  @Override
  public QueryResult handleQuery(MongoQuery query) {
    if (credentials != null && !"$cmd".equals(query.getCollectionName())) {
      // Legacy OP_QUERY reads a collection directly: only for a connection that logged in.
      credentials.intercept(query.getChannel(), "find", query.getQuery());
    }
    commandLock.lock();
    try {
      return super.handleQuery(query);
    } finally {
      commandLock.unlock();
    }
  }
}
