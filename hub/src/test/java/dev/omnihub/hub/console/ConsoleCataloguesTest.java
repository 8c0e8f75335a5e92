package dev.omnihub.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's texts come from one catalogue per language (docs/architecture.md "The agent console"):
 * both catalogues have the same keys, and every key the components ask for literally is in them, so a
 * Chinese agent never meets an English fallback or a raw key.
 */
class ConsoleCataloguesTest {

  private static final Path WEB = Path.of("../console-ui/src/main/web");
  private static final Pattern KEY = Pattern.compile("^\\s*'([\\w.]+)':", Pattern.MULTILINE);
  /** The catalogues' areas, merged by app/i18n.js: the inbox's has no suffix. */
  private static final List<String> AREAS = List.of("", "-supervisor", "-admin", "-admin-editors");
  private static final Pattern USED = Pattern.compile("\\bt\\('([\\w.]+)'");

  @Test
  void bothLanguagesHaveTheSameKeysAndEveryKeyUsedIsThere() throws IOException {
    Set<String> english = new TreeSet<>();
    for (String area : AREAS) {
      Set<String> areaEnglish = keys(WEB.resolve("app/messages" + area + "-en.js"));
      assertThat(keys(WEB.resolve("app/messages" + area + "-zh.js"))).as("the Chinese keys of" + area).isEqualTo(areaEnglish);
      assertThat(english).as("a key in two areas hides one of them").doesNotContainAnyElementsOf(areaEnglish);
      english.addAll(areaEnglish);
    }
    assertThat(english).hasSizeGreaterThan(100);

    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.walk(WEB)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".js")).toList()) {
        Matcher matcher = USED.matcher(Files.readString(file));
        while (matcher.find()) {
          used.add(matcher.group(1));
        }
      }
    }
    assertThat(used).hasSizeGreaterThan(50);
    assertThat(english).containsAll(used);
  }

  private static Set<String> keys(Path catalogue) throws IOException {
    Set<String> keys = new TreeSet<>();
    Matcher matcher = KEY.matcher(Files.readString(catalogue));
    while (matcher.find()) {
      keys.add(matcher.group(1));
    }
    return keys;
  }
}
