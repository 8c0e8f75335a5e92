package dev.omnihub.hub.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.testing.HubClient;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Channel secrets are encrypted in the store with a key kept beside it, not in it. */
class ChannelSecretsAtRestTest {

  @TempDir
  Path dataDir;

  private static Document stored(TestHub hub, String channelId) {
    return hub.hub().services().mongo().collection(Collections.CHANNELS).find(Filters.eq("_id", channelId)).first();
  }

  private static int webhook(TestHub hub, JsonObject channel, String externalId) {
    return hub.client().webhook(channel, HubClient.message(externalId, new JsonObject().put("email", "ana@example.com"), "hi")).status();
  }

  @Test
  void theStoreHoldsOnlyTheSealedSecretAndTheKeyFileSurvivesRestarts() throws Exception {
    JsonObject channel;
    try (TestHub hub = TestHub.start(dataDir)) {
      channel = hub.client().createApiChannel(hub.adminToken(), "Shop", null);
      String storedSecret = stored(hub, channel.getString("id")).getString("secret");
      assertThat(storedSecret).startsWith("enc:v1:").doesNotContain(channel.getString("secret"));
      assertThat(webhook(hub, channel, "m-1")).isEqualTo(200);
    }
    Path keyFile = dataDir.resolve(SecretKeys.KEY_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");

    try (TestHub again = TestHub.start(dataDir)) {
      assertThat(webhook(again, channel, "m-2")).isEqualTo(200);
    }
  }

  @Test
  void aSecretWrittenInPlainIsSealedAtStart() {
    JsonObject channel;
    try (TestHub hub = TestHub.start(dataDir)) {
      channel = hub.client().createApiChannel(hub.adminToken(), "Shop", null);
      // As a hub from before encryption wrote it.
      hub.hub().services().mongo().collection(Collections.CHANNELS)
          .updateOne(Filters.eq("_id", channel.getString("id")), Updates.set("secret", channel.getString("secret")));
    }
    try (TestHub again = TestHub.start(dataDir)) {
      assertThat(stored(again, channel.getString("id")).getString("secret")).startsWith("enc:v1:");
      assertThat(webhook(again, channel, "m-1")).isEqualTo(200);
    }
  }

  @Test
  void anotherKeyStopsStartUpNamingTheChannel() {
    String channelId;
    try (TestHub hub = TestHub.start(dataDir)) {
      channelId = hub.client().createApiChannel(hub.adminToken(), "Shop", null).getString("id");
    }
    String otherKey = Base64.getEncoder().encodeToString(new byte[SecretBox.KEY_BYTES]);

    assertThatThrownBy(() -> TestHub.start(dataDir, Map.of("SECRETS_KEY", otherKey)).close())
        .isInstanceOf(SecretUnreadableException.class).hasMessageContaining(channelId);
  }
}
