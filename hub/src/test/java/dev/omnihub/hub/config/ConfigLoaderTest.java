package dev.omnihub.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnihub.hub.limits.ClientLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir
  Path dir;

  @Test
  void hasAWorkingDefaultForEverything() {
    HubConfig config = ConfigLoader.load(Map.of(), dir);

    assertThat(config.httpHost()).isEqualTo("127.0.0.1");
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.smtpPort()).isEqualTo(2525);
    assertThat(config.kbEmbeddings()).isTrue();
    assertThat(config.trendingWindow()).isEqualTo(java.time.Duration.ofHours(24));
    assertThat(config.trendingMinCustomers()).isEqualTo(3);
    assertThat(config.dataDir()).isEqualTo(dir.resolve("data").toAbsolutePath());
    assertThat(config.embeddedStore()).isTrue();
    assertThat(config.publicUrlFor(8080)).isEqualTo("http://localhost:8080");
    assertThat(config.defaultPhoneRegion()).isEqualTo("US");
    assertThat(config.outboxRetryBase()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void environmentOverridesTheFileWhichOverridesDefaults() throws IOException {
    Files.writeString(dir.resolve("omnihub.json"), "{\"httpPort\": 9000, \"publicUrl\": \"https://hub.example.com/\", \"DATA_DIR\": \"/var/omnihub\"}");

    HubConfig config = ConfigLoader.load(Map.of("HTTP_PORT", "9100", "MONGO_URI", "mongodb://db1,db2/?replicaSet=rs0"), dir);

    assertThat(config.httpPort()).isEqualTo(9100);
    assertThat(config.publicUrlFor(9100)).isEqualTo("https://hub.example.com");
    assertThat(config.dataDir()).isEqualTo(Path.of("/var/omnihub"));
    assertThat(config.embeddedStore()).isFalse();
  }

  @Test
  void namesTheBadSetting() throws IOException {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("HTTP_PORT", "70000"), dir)).hasMessageContaining("HTTP_PORT must be between 0 and 65535");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("SMTP_PORT", "x"), dir)).hasMessageContaining("SMTP_PORT must be a whole number");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("DEFAULT_PHONE_REGION", "XX"), dir)).hasMessageContaining("DEFAULT_PHONE_REGION");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("MONGO_URI", "postgres://x"), dir)).hasMessageContaining("MONGO_URI");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("KB_EMBEDDINGS", "maybe"), dir)).hasMessageContaining("KB_EMBEDDINGS must be true or false");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("TRENDING_MIN_CUSTOMERS", "1"), dir)).hasMessageContaining("TRENDING_MIN_CUSTOMERS");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("OMNIHUB_CONFIG", "missing.json"), dir)).hasMessageContaining("does not exist");
    Files.writeString(dir.resolve("omnihub.json"), "{\"httpPrt\": 1}");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of(), dir)).hasMessageContaining("unknown setting 'httpPrt'");
    Files.writeString(dir.resolve("omnihub.json"), "{not json");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of(), dir)).hasMessageContaining("cannot read configuration file");
  }

  @Test
  void limitsABusySiteMayRaiseAreSettingsWithDefaults() throws IOException {
    assertThat(ConfigLoader.load(Map.of(), dir).limits()).isEqualTo(ClientLimits.DEFAULTS);
    assertThat(ConfigLoader.load(Map.of(), dir).trustedProxies().isEmpty()).isTrue();

    Files.writeString(dir.resolve("omnihub.json"), "{\"trustedProxies\": [\"10.0.0.0/8\", \"::1\"], \"widgetSessionsPerMinute\": 5000}");
    HubConfig config = ConfigLoader.load(Map.of("LOGIN_FREE_ATTEMPTS_PER_ADDRESS", "2000", "WIDGET_SEARCHES_PER_MINUTE", "900",
        "WIDGET_VISITOR_MESSAGES_PER_MINUTE", "40", "LOGIN_FREE_ATTEMPTS_PER_EMAIL", "80", "LOGIN_FREE_ATTEMPTS_PER_EMAIL_AND_ADDRESS", "8"), dir);

    assertThat(config.trustedProxies().trusts("10.20.30.40")).isTrue();
    assertThat(config.trustedProxies().trusts("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(config.trustedProxies().trusts("192.0.2.1")).isFalse();
    assertThat(config.limits()).isEqualTo(new ClientLimits(5000, 40, 600, 900, 8, 80, 2000));
  }

  @Test
  void namesABadProxyOrLimit() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("TRUSTED_PROXIES", "10.0.0.1,lb.internal"), dir))
        .hasMessageContaining("TRUSTED_PROXIES").hasMessageContaining("lb.internal");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("WIDGET_SESSIONS_PER_MINUTE", "0"), dir))
        .hasMessageContaining("WIDGET_SESSIONS_PER_MINUTE must be between 1 and");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("LOGIN_FREE_ATTEMPTS_PER_EMAIL_AND_ADDRESS", "many"), dir))
        .hasMessageContaining("LOGIN_FREE_ATTEMPTS_PER_EMAIL_AND_ADDRESS must be a whole number");
  }

  @Test
  void aClusterNeedsASharedStoreAndMembersAsHostAndPort(@org.junit.jupiter.api.io.TempDir Path dir) {
    HubConfig alone = ConfigLoader.load(Map.of(), dir);
    assertThat(alone.cluster().clustered()).isFalse();
    assertThat(alone.cluster().nodeId()).isNull();

    HubConfig node = ConfigLoader.load(Map.of("MONGO_URI", "mongodb://db/omnihub", "CLUSTER_MEMBERS", " 10.0.0.1:5701, 10.0.0.2:5701 ",
        "CLUSTER_HOST", "10.0.0.1", "CLUSTER_PORT", "5702", "NODE_ID", "node-a"), dir);
    assertThat(node.cluster().members()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
    assertThat(node.cluster().host()).isEqualTo("10.0.0.1");
    assertThat(node.cluster().port()).isEqualTo(5702);
    assertThat(node.cluster().nodeId()).isEqualTo("node-a");

    assertThatThrownBy(() -> ConfigLoader.load(Map.of("CLUSTER_MEMBERS", "10.0.0.1:5701"), dir))
        .hasMessageContaining("CLUSTER_MEMBERS needs MONGO_URI");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("MONGO_URI", "mongodb://db", "CLUSTER_MEMBERS", "10.0.0.1"), dir))
        .hasMessageContaining("CLUSTER_MEMBERS must list host:port pairs");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("MONGO_URI", "mongodb://db", "CLUSTER_MEMBERS", "10.0.0.1:99999"), dir))
        .hasMessageContaining("CLUSTER_MEMBERS must list host:port pairs");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("CLUSTER_PORT", "0"), dir)).hasMessageContaining("CLUSTER_PORT must be between 1 and 65535");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of("NODE_ID", "node a/b"), dir)).hasMessageContaining("NODE_ID must be");
  }
}
