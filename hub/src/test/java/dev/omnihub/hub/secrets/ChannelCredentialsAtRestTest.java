package dev.omnihub.hub.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.hub.channel.Channel;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.store.Collections;
import dev.omnihub.hub.store.MongoStore;
import dev.omnihub.hub.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings an adapter calls credentials (SMTP/IMAP passwords, provider tokens) are sealed in the store. */
class ChannelCredentialsAtRestTest {

  @TempDir
  Path dataDir;

  @Test
  void credentialSettingsAreSealedInTheStoreAndOpenWhenRead() {
    try (TestHub hub = TestHub.start(dataDir)) {
      MongoStore mongo = hub.hub().services().mongo();
      ChannelStore channels = new ChannelStore(mongo, SecretKeys.open(null, dataDir),
          type -> type == ChannelType.EMAIL ? Set.of("smtp.password", "imap.password") : Set.of(), Clock.systemUTC());
      JsonObject settings = new JsonObject()
          .put("address", "support@shop.example")
          .put("smtp", new JsonObject().put("host", "smtp.shop.example").put("password", "smtp-pass-1"))
          .put("imap", new JsonObject().put("host", "imap.shop.example"));

      Channel created = channels.create(ChannelType.EMAIL, "Support mail", settings);
      Document stored = mongo.collection(Collections.CHANNELS).find(Filters.eq("_id", created.id())).first();

      assertThat(stored.toJson()).doesNotContain("smtp-pass-1").contains("smtp.shop.example");
      assertThat(stored.get("options", Document.class).get("smtp", Document.class).getString("password")).startsWith("enc:v1:");
      assertThat(channels.require(created.id()).options().getJsonObject("smtp").getString("password")).isEqualTo("smtp-pass-1");

      JsonObject changed = channels.require(created.id()).options().copy();
      changed.getJsonObject("imap").put("password", "imap-pass-2");
      channels.update(created, null, changed);
      Document updated = mongo.collection(Collections.CHANNELS).find(Filters.eq("_id", created.id())).first();

      assertThat(updated.toJson()).doesNotContain("imap-pass-2").doesNotContain("smtp-pass-1");
      Channel read = channels.require(created.id());
      assertThat(read.options().getJsonObject("imap").getString("password")).isEqualTo("imap-pass-2");
      assertThat(read.options().getJsonObject("smtp").getString("password")).isEqualTo("smtp-pass-1");
    }
  }
}
