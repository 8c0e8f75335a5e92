package dev.omnihub.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoSecurityException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code omnihub store} in this JVM: who may log in, as the MONGO_URI of API.md ("Several nodes") says. */
class StoreServerTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final int UNAUTHORIZED = 13;
  private static final int AUTHENTICATION_FAILED = 18;

  @TempDir
  Path dataDir;
  private StoreServer server;

  @BeforeEach
  void start() {
    server = StoreServer.start(dataDir, "127.0.0.1", 0, PASSWORD);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void listensOnAFreePortWhenAskedForPortZero() {
    assertThat(server.port()).isPositive();
  }

  @Test
  void aNodeWithTheDocumentedUriReadsAndWrites() {
    // The URI as API.md gives it: no authMechanism, so the driver asks which mechanism the store offers.
    try (MongoClient client = client("mongodb://omnihub:" + encoded(PASSWORD) + "@127.0.0.1:" + server.port() + "/omnihub")) {
      MongoCollection<Document> things = client.getDatabase("omnihub").getCollection("things");
      things.insertOne(new Document("_id", "a").append("n", 1));

      assertThat(things.find(Filters.eq("_id", "a")).first()).containsEntry("n", 1);
    }
  }

  @Test
  void aWrongPasswordIsRefused() {
    try (MongoClient client = client("mongodb://omnihub:wrong@127.0.0.1:" + server.port() + "/omnihub")) {
      MongoCollection<Document> things = client.getDatabase("omnihub").getCollection("things");

      assertThatThrownBy(() -> things.insertOne(new Document("_id", "a"))).isInstanceOf(MongoSecurityException.class)
          .cause().isInstanceOfSatisfying(MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(AUTHENTICATION_FAILED));
    }
  }

  @Test
  void anotherUserWithThePasswordIsRefused() {
    try (MongoClient client = client("mongodb://admin:" + encoded(PASSWORD) + "@127.0.0.1:" + server.port() + "/omnihub")) {
      MongoCollection<Document> things = client.getDatabase("omnihub").getCollection("things");

      assertThatThrownBy(() -> things.countDocuments()).isInstanceOf(MongoSecurityException.class)
          .cause().isInstanceOfSatisfying(MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(AUTHENTICATION_FAILED));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cafe\u0301 au lait", "no\u00a0break", "\u2168 roman"})
  void aPasswordThatSaslPrepRewritesStillLogsIn(String password) {
    // The driver applies SASLprep (RFC 4013) to the password before SCRAM-SHA-256, as MongoDB does to the
    // stored one; these passwords are not what they become (decomposed accent, no-break space, compatibility digit).
    try (StoreServer other = StoreServer.start(dataDir.resolve("other"), "127.0.0.1", 0, password);
        MongoClient client = client("mongodb://omnihub:" + encoded(password) + "@127.0.0.1:" + other.port() + "/omnihub")) {
      MongoCollection<Document> things = client.getDatabase("omnihub").getCollection("things");
      things.insertOne(new Document("_id", "a"));

      assertThat(things.countDocuments()).isEqualTo(1);
    }
  }

  @Test
  void aClientWithoutCredentialsCanNeitherReadNorWrite() {
    // Something written by a node that logged in, which the anonymous client must not see.
    try (MongoClient node = client("mongodb://omnihub:" + encoded(PASSWORD) + "@127.0.0.1:" + server.port() + "/omnihub")) {
      node.getDatabase("omnihub").getCollection("things").insertOne(new Document("_id", "secret"));
    }
    try (MongoClient anonymous = client("mongodb://127.0.0.1:" + server.port() + "/omnihub")) {
      MongoCollection<Document> things = anonymous.getDatabase("omnihub").getCollection("things");

      assertThatThrownBy(() -> things.find().first()).isInstanceOfSatisfying(MongoCommandException.class,
          e -> assertThat(e.getErrorCode()).isEqualTo(UNAUTHORIZED));
      assertThatThrownBy(() -> things.insertOne(new Document("_id", "b"))).isInstanceOfSatisfying(MongoCommandException.class,
          e -> assertThat(e.getErrorCode()).isEqualTo(UNAUTHORIZED));
      assertThatThrownBy(() -> anonymous.listDatabaseNames().first()).isInstanceOfSatisfying(MongoCommandException.class,
          e -> assertThat(e.getErrorCode()).isEqualTo(UNAUTHORIZED));
    }
    try (MongoClient node = client("mongodb://omnihub:" + encoded(PASSWORD) + "@127.0.0.1:" + server.port() + "/omnihub")) {
      assertThat(node.getDatabase("omnihub").getCollection("things").countDocuments()).as("the refused insert wrote nothing").isEqualTo(1);
    }
  }

  @Test
  void whatANodeWroteIsThereAfterTheStoreRestarts() {
    String uri = "mongodb://omnihub:" + encoded(PASSWORD) + "@127.0.0.1:" + server.port() + "/omnihub";
    try (MongoClient client = client(uri)) {
      client.getDatabase("omnihub").getCollection("things").insertOne(new Document("_id", "kept"));
    }
    server.close();

    server = StoreServer.start(dataDir, "127.0.0.1", 0, PASSWORD);
    try (MongoClient client = client("mongodb://omnihub:" + encoded(PASSWORD) + "@127.0.0.1:" + server.port() + "/omnihub")) {
      assertThat(client.getDatabase("omnihub").getCollection("things").find(Filters.eq("_id", "kept")).first()).isNotNull();
    }
  }

  /** A client that gives up quickly, so that a refusal shows as the error and not as a long wait. */
  static MongoClient client(String uri) {
    return MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(uri))
        .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS))
        .applyToSocketSettings(socket -> socket.connectTimeout(5, TimeUnit.SECONDS).readTimeout(30, TimeUnit.SECONDS))
        .build());
  }

  static String encoded(String password) {
    return java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }
}
