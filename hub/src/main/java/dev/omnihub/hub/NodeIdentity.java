package dev.omnihub.hub;

import dev.omnihub.hub.store.Ids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This hub node's name in leases: kept in {@code DATA_DIR/node-id}, so that a node restarted after a
 * crash takes back its own leases (an IMAP mailbox, outbox entries) at once instead of waiting for
 * them to expire. Nodes of a cluster each have their own data directory, hence their own name.
 */
final class NodeIdentity {

  private static final String FILE = "node-id";

  private NodeIdentity() {
  }

  /** {@code NODE_ID} when set, else the name kept in the data directory. */
  static String of(Path dataDir, String configured) {
    return configured != null ? configured : of(dataDir);
  }

  static String of(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      if (Files.exists(file)) {
        String id = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!id.isEmpty()) {
          return id;
        }
      }
      Files.createDirectories(dataDir);
      String id = "node-" + Ids.newId();
      Path temporary = dataDir.resolve(FILE + ".tmp");
      Files.writeString(temporary, id, StandardCharsets.UTF_8);
      Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }
}
