package dev.omnihub.hub.testing;

import dev.omnihub.hub.Hub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real hub for a test class, in its own data directory:
 * {@code @RegisterExtension static final HubExtension hub = new HubExtension();}
 */
public final class HubExtension implements BeforeAllCallback, AfterAllCallback, RunningHub {

  private final Map<String, String> settings;
  private Path dataDir;
  private TestHub hub;

  public HubExtension() {
    this(Map.of());
  }

  /** @param settings variables as a user would set them, on top of the test defaults */
  public HubExtension(Map<String, String> settings) {
    this.settings = settings;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("omnihub-test-");
    hub = TestHub.start(dataDir, settings);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (hub != null) {
        hub.close();
      }
    } finally {
      deleteRecursively(dataDir);
    }
  }

  @Override
  public Hub hub() {
    return hub.hub();
  }

  @Override
  public HubClient client() {
    return hub.client();
  }

  @Override
  public String adminToken() {
    return hub.adminToken();
  }

  private static void deleteRecursively(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
