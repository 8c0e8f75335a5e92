package dev.omnihub.hub.kb;

import dev.omnihub.adapters.spi.InputRejectedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Articles as files: a zip of Markdown files, each with YAML front matter ({@code title}, {@code
 * locale}, {@code tags}, {@code status}, {@code id}) above its body, the way static-site generators
 * and help-center tools write them. Reading is bounded (entries, sizes), since an upload is untrusted.
 */
public final class ArticleArchive {

  /** One article as a file holds it; {@code id} is {@code null} for a new one. */
  public record Entry(String id, String title, String body, String locale, List<String> tags, String status) {
  }

  public static final int MAX_ENTRIES = 5_000;
  static final int MAX_ENTRY_BYTES = 200_000;
  private static final String FENCE = "---";

  private ArticleArchive() {
  }

  /** A zip with one {@code <slug>-<id>.md} per article. */
  public static byte[] zip(List<KbArticle> articles) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
      Set<String> names = new HashSet<>();
      for (KbArticle article : articles) {
        String name = slug(article.title()) + "-" + article.id() + ".md";
        if (names.add(name)) {
          zip.putNextEntry(new ZipEntry(name));
          zip.write(markdown(article).getBytes(StandardCharsets.UTF_8));
          zip.closeEntry();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** One article as a Markdown file with front matter. */
  static String markdown(KbArticle article) {
    Map<String, Object> front = new LinkedHashMap<>();
    front.put("id", article.id());
    front.put("title", article.title());
    front.put("locale", article.locale());
    front.put("tags", article.tags());
    front.put("status", article.status());
    return FENCE + "\n" + yaml().dump(front) + FENCE + "\n\n" + article.body() + (article.body().endsWith("\n") ? "" : "\n");
  }

  /**
   * The Markdown files of an uploaded zip (other files and folders' paths ignored; {@code __MACOSX}
   * skipped). @throws InputRejectedException naming the file that is not an article
   */
  public static List<Entry> unzip(byte[] upload) {
    List<Entry> entries = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(upload), StandardCharsets.UTF_8)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        String name = entry.getName();
        if (entry.isDirectory() || !name.toLowerCase(java.util.Locale.ROOT).endsWith(".md") || name.contains("__MACOSX")) {
          continue;
        }
        if (entries.size() == MAX_ENTRIES) {
          throw InputRejectedException.invalid("file", "at most " + MAX_ENTRIES + " articles in one import");
        }
        byte[] content = zip.readNBytes(MAX_ENTRY_BYTES + 1);
        if (content.length > MAX_ENTRY_BYTES) {
          throw InputRejectedException.invalid("file", name + " is larger than " + MAX_ENTRY_BYTES + " bytes");
        }
        entries.add(parse(name, new String(content, StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw InputRejectedException.invalid("file", "the upload is not a readable zip: " + e.getMessage());
    }
    if (entries.isEmpty()) {
      throw InputRejectedException.invalid("file", "the upload is not a zip holding Markdown (.md) files");
    }
    return entries;
  }

  /** A Markdown file with optional front matter; without a title there, its first heading or file name is the title. */
  static Entry parse(String name, String file) {
    String text = file.startsWith("\uFEFF") ? file.substring(1) : file;
    Map<String, Object> front = Map.of();
    String body = text;
    if (text.startsWith(FENCE + "\n") || text.startsWith(FENCE + "\r\n")) {
      int end = text.indexOf("\n" + FENCE, FENCE.length());
      if (end < 0) {
        throw InputRejectedException.invalid("file", name + ": the front matter has no closing ---");
      }
      Object parsed;
      try {
        parsed = yaml().load(text.substring(text.indexOf('\n') + 1, end + 1));
      } catch (RuntimeException e) {
        throw InputRejectedException.invalid("file", name + ": the front matter is not YAML (" + e.getMessage().lines().findFirst().orElse("")
            + ")");
      }
      if (parsed != null && !(parsed instanceof Map<?, ?>)) {
        throw InputRejectedException.invalid("file", name + ": the front matter is not a map of settings");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = parsed == null ? Map.of() : (Map<String, Object>) parsed;
      front = map;
      int bodyStart = text.indexOf('\n', end + 1);
      body = bodyStart < 0 ? "" : text.substring(bodyStart + 1).stripLeading();
    }
    String title = string(front.get("title"));
    if (title == null) {
      title = body.lines().filter(line -> line.startsWith("# ")).map(line -> line.substring(2).strip()).findFirst()
          .orElse(name.replaceAll(".*/", "").replaceAll("\\.md$", ""));
    }
    List<String> tags = front.get("tags") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    return new Entry(string(front.get("id")), title, body, string(front.get("locale")), tags, string(front.get("status")));
  }

  private static String string(Object value) {
    return value == null ? null : String.valueOf(value).strip();
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(10);
    options.setCodePointLimit(MAX_ENTRY_BYTES);
    return new Yaml(new SafeConstructor(options));
  }

  private static String slug(String title) {
    String slug = title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-").replaceAll("(^-|-$)", "");
    return slug.isEmpty() ? "article" : slug.length() > 60 ? slug.substring(0, 60) : slug;
  }
}
