package dev.omnihub.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.omnihub.adapters.spi.InputRejectedException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** An email channel's settings: defaults filled in, bad values refused naming the field. */
class EmailSettingsTest {

  @Test
  void defaultsAreFilledInAndTheAddressIsLowerCased() {
    EmailSettings settings = EmailSettings.from(new JsonObject().put("address", "Support@Acme.TEST")
        .put("smtp", new JsonObject().put("host", "smtp.acme.test"))
        .put("imap", new JsonObject().put("host", "imap.acme.test").put("user", "support").put("password", "s3cret")));

    assertThat(settings.address()).isEqualTo("support@acme.test");
    assertThat(settings.smtp().port()).isEqualTo(587);
    assertThat(settings.smtp().tls()).isEqualTo(MailServer.Tls.STARTTLS);
    assertThat(settings.imap().server().port()).isEqualTo(993);
    assertThat(settings.imap().folder()).isEqualTo("INBOX");
    assertThat(settings.imap().pollSeconds()).isEqualTo(60);
    assertThat(EmailSettings.from(settings.toJson())).isEqualTo(settings);
  }

  @Test
  void badValuesAreRefusedNamingTheField() {
    assertField(new JsonObject(), "address");
    assertField(new JsonObject().put("address", "support+x@acme.test"), "address");
    assertField(new JsonObject().put("address", "a@b.test").put("smtp", new JsonObject().put("host", "h").put("tls", "maybe")), "smtp.tls");
    assertField(new JsonObject().put("address", "a@b.test").put("smtp", new JsonObject().put("host", "h").put("port", 70000)), "smtp.port");
    assertField(new JsonObject().put("address", "a@b.test").put("imap", new JsonObject().put("host", "h")), "imap.user");
    assertField(new JsonObject().put("address", "a@b.test")
        .put("imap", new JsonObject().put("host", "h").put("user", "u").put("password", "p").put("pollSeconds", 1)), "imap.pollSeconds");
  }

  @Test
  void aPasswordIsNeverPrinted() {
    MailServer server = EmailSettings.from(new JsonObject().put("address", "a@b.test")
        .put("smtp", new JsonObject().put("host", "h").put("user", "u").put("password", "hunter2"))).smtp();

    assertThat(server.toString()).doesNotContain("hunter2");
  }

  private static void assertField(JsonObject options, String field) {
    assertThatThrownBy(() -> EmailSettings.from(options)).isInstanceOfSatisfying(InputRejectedException.class,
        e -> assertThat(e.field()).isEqualTo(field));
  }
}
