package dev.omnihub.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoSecurityException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.omnihub.hub.testing.TestHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's loopback port is no way in for another program on the machine: a standard
 * MongoDB client without the hub's credentials reads nothing (not a customer, not the JWT key in
 * {@code settings}), a wrong password is refused, and the data directory is the hub user's alone.
 */
class EmbeddedStoreAccessTest {

  @TempDir
  Path dataDir;

  @Test
  void aClientWithoutTheHubsCredentialsReadsNothing() {
    try (TestHub hub = TestHub.start(dataDir)) {
      String address = hub.hub().services().mongo().embeddedAddress();
      assumeTrue(address != null, "runs against the embedded store");
      hub.client().createApiChannel(hub.adminToken(), "App", null);
      try (MongoClient stranger = MongoClients.create(MongoClientSettings.builder().applyConnectionString(new ConnectionString(address))
          .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS)).build())) {
        assertThatThrownBy(() -> stranger.getDatabase("omnihub").getCollection("settings").find().first())
            .isInstanceOfSatisfying(MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(13));
        assertThatThrownBy(() -> stranger.listDatabaseNames().first()).isInstanceOf(MongoCommandException.class);
        assertThatThrownBy(() -> stranger.getDatabase("omnihub").runCommand(new Document("insert", "customers")
            .append("documents", java.util.List.of(new Document("_id", "x"))))).isInstanceOf(MongoCommandException.class);
      }
      try (MongoClient guesser = MongoClients.create(MongoClientSettings.builder().applyConnectionString(new ConnectionString(address))
          .credential(MongoCredential.createScramSha256Credential("omnihub", "admin", "guess".toCharArray()))
          .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS)).build())) {
        assertThatThrownBy(() -> guesser.getDatabase("omnihub").getCollection("settings").find().first())
            .hasRootCauseInstanceOf(MongoCommandException.class).isInstanceOf(MongoSecurityException.class);
      }
      assertThat(hub.client().get("/health", null).status()).as("the hub itself still logs in").isEqualTo(200);
    }
  }

  @Test
  void theDataDirectoryIsTheHubUsersAlone() throws Exception {
    Path fresh = dataDir.resolve("fresh");
    try (TestHub hub = TestHub.start(fresh)) {
      assumeTrue(fresh.getFileSystem().supportedFileAttributeViews().contains("posix"));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
    }
  }
}
