package dev.omnihub.hub.store;

import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend with every command run under a shared lock. One command touches the
 * data map, each index map and a counter; the group committer takes the exclusive lock around
 * {@link MVStore#commit()} so a commit never captures half of a command (measured: without it a third
 * of committed states had data and index maps out of step).
 */
final class DurableH2Backend extends H2Backend {

  private final Lock commandLock;

  DurableH2Backend(MVStore store, ReadWriteLock lock) {
    super(store);
    this.commandLock = lock.readLock();
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    commandLock.lock();
    try {
      return super.handleCommand(channel, database, command, query);
    } finally {
      commandLock.unlock();
    }
  }

  @Override
  public QueryResult handleQuery(MongoQuery query) {
    commandLock.lock();
    try {
      return super.handleQuery(query);
    } finally {
      commandLock.unlock();
    }
  }

  /** The hub closes the MVStore itself, after the last group commit. */
  @Override
  public void close() {
    // Deliberately not closing the store here: EmbeddedMongo commits, syncs and closes it in order.
  }
}
