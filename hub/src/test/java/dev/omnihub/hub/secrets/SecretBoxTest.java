package dev.omnihub.hub.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

  private static byte[] key(int fill) {
    byte[] key = new byte[SecretBox.KEY_BYTES];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  private final SecretBox box = new SecretBox(key(1));

  @Test
  void aSealedValueOpensWithItsKeyAndContextAndDoesNotShowThePlaintext() {
    String sealed = box.seal("smtp-password-ü", "channel:a:secret");

    assertThat(SecretBox.isSealed(sealed)).isTrue();
    assertThat(sealed).doesNotContain("smtp-password");
    assertThat(box.seal("smtp-password-ü", "channel:a:secret")).as("a fresh nonce each time").isNotEqualTo(sealed);
    assertThat(box.open(sealed, "channel:a:secret")).isEqualTo("smtp-password-ü");
  }

  @Test
  void anotherKeyAnotherContextOrAnAlteredValueDoNotOpen() {
    String sealed = box.seal("token", "channel:a:secret");
    byte[] raw = Base64.getUrlDecoder().decode(sealed.substring(SecretBox.PREFIX.length()));
    raw[raw.length - 1] ^= 1;
    String altered = SecretBox.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

    assertThatThrownBy(() -> new SecretBox(key(2)).open(sealed, "channel:a:secret")).isInstanceOf(SecretUnreadableException.class)
        .hasMessageContaining("another key");
    assertThatThrownBy(() -> box.open(sealed, "channel:b:secret")).isInstanceOf(SecretUnreadableException.class);
    assertThatThrownBy(() -> box.open(altered, "channel:a:secret")).isInstanceOf(SecretUnreadableException.class);
    assertThatThrownBy(() -> box.open("enc:v1:!!", "channel:a:secret")).isInstanceOf(SecretUnreadableException.class);
  }

  @Test
  void aConfiguredKeyMustBeThirtyTwoBytesOfBase64() {
    assertThat(SecretKeys.decode(Base64.getEncoder().encodeToString(key(3)), "SECRETS_KEY")).isEqualTo(key(3));
    assertThatThrownBy(() -> SecretKeys.decode("not base64 ***", "SECRETS_KEY")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SECRETS_KEY");
    assertThatThrownBy(() -> SecretKeys.decode(Base64.getEncoder().encodeToString(new byte[16]), "SECRETS_KEY"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not 16");
  }
}
