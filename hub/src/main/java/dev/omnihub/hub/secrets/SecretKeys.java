package dev.omnihub.hub.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Where the secrets key comes from: the configuration ({@code SECRETS_KEY}, base64 of 32 bytes), or
 * else {@code DATA_DIR/secrets.key}, generated on first start and readable by the owner only. Never
 * the store: a copy of the store alone does not reveal the credentials in it.
 */
public final class SecretKeys {

  public static final String KEY_FILE = "secrets.key";

  private SecretKeys() {
  }

  /** Decodes a configured key. @throws IllegalArgumentException naming the setting when it is malformed */
  public static byte[] decode(String base64, String setting) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + " must be base64 of " + SecretBox.KEY_BYTES + " random bytes (e.g. `openssl rand -base64 32`)");
    }
    if (key.length != SecretBox.KEY_BYTES) {
      throw new IllegalArgumentException(setting + " must be base64 of " + SecretBox.KEY_BYTES + " random bytes, not " + key.length);
    }
    return key;
  }

  /** The configured key if there is one, else the data directory's (created if missing). Blocking. */
  public static SecretBox open(String configuredKey, Path dataDir) {
    if (configuredKey != null) {
      return new SecretBox(decode(configuredKey, "SECRETS_KEY"));
    }
    Path file = dataDir.resolve(KEY_FILE);
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(file)) {
        createKeyFile(file);
      }
      return new SecretBox(decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the secrets key " + file + ": " + e.getMessage(), e);
    }
  }

  private static void createKeyFile(Path file) throws IOException {
    byte[] key = new byte[SecretBox.KEY_BYTES];
    new SecureRandom().nextBytes(key);
    byte[] text = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
    try {
      Path created = file.getFileSystem().supportedFileAttributeViews().contains("posix")
          ? Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
          : Files.createFile(file);
      Files.write(created, text, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    } catch (FileAlreadyExistsException e) {
      // Another process created it first: use theirs.
    }
  }
}
