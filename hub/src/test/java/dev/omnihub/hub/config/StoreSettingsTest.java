package dev.omnihub.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreSettingsTest {

  @TempDir
  Path dir;

  @Test
  void defaultsToLoopbackPort27017AndDataUnderTheWorkingDirectory() {
    StoreSettings settings = StoreSettings.load(Map.of("STORE_PASSWORD", "s3cret"), dir);

    assertThat(settings.host()).isEqualTo("127.0.0.1");
    assertThat(settings.port()).isEqualTo(27017);
    assertThat(settings.password()).isEqualTo("s3cret");
    assertThat(settings.dataDir()).isEqualTo(dir.resolve("data").toAbsolutePath());
  }

  @Test
  void takesEverySettingFromTheEnvironment() {
    StoreSettings settings = StoreSettings.load(
        Map.of("STORE_PASSWORD", "s3cret", "STORE_HOST", "0.0.0.0", "STORE_PORT", "0", "DATA_DIR", "shared"), dir);

    assertThat(settings.host()).isEqualTo("0.0.0.0");
    assertThat(settings.port()).isZero();
    assertThat(settings.dataDir()).isEqualTo(dir.resolve("shared").toAbsolutePath());
  }

  @Test
  void refusesToStartWithoutAPassword() {
    assertThatThrownBy(() -> StoreSettings.load(Map.of(), dir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STORE_PASSWORD");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\n"})
  void refusesABlankPassword(String blank) {
    assertThatThrownBy(() -> StoreSettings.load(Map.of("STORE_PASSWORD", blank), dir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STORE_PASSWORD");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bell\u0007", "emoji \ud83d\ude00"})
  void refusesAPasswordNoDriverCanLogInWith(String password) {
    // The driver refuses such passwords itself (SASLprep, RFC 4013): a store with one would let no node in.
    assertThatThrownBy(() -> StoreSettings.load(Map.of("STORE_PASSWORD", password), dir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STORE_PASSWORD");
  }

  @ParameterizedTest
  @ValueSource(strings = {"mongo", "-1", "70000", "65536", "27017.5", ""})
  void refusesAPortThatIsNotOne(String port) {
    assertThatThrownBy(() -> StoreSettings.load(Map.of("STORE_PASSWORD", "s3cret", "STORE_PORT", port), dir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STORE_PORT");
  }
}
