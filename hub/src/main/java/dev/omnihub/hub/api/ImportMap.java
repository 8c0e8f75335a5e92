package dev.omnihub.hub.api;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The console's import map: the {@code imports} of every {@code META-INF/importmap.json} on the class
 * path (each mvnpm jar carries one for its package, served under {@code /_static/}; the packaged jar
 * holds them appended into one file), merged at start
 * into the one inline {@code <script type="importmap">} of the console's pages, which the page's
 * Content-Security-Policy allows by its hash and nothing else inline.
 */
final class ImportMap {

  private static final String RESOURCE = "META-INF/importmap.json";

  private final String json;

  private ImportMap(String json) {
    this.json = json;
  }

  /** Reads and merges them from the class loader; a name mapped twice keeps the first (jars are read in class path order). */
  static ImportMap fromClassPath(ClassLoader loader) {
    Map<String, String> imports = new TreeMap<>();
    try {
      for (URL map : Collections.list(loader.getResources(RESOURCE))) {
        try (InputStream in = map.openStream()) {
          for (String object : objects(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
            new JsonObject(object).getJsonObject("imports", new JsonObject())
                .forEach(entry -> imports.putIfAbsent(entry.getKey(), String.valueOf(entry.getValue())));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the import maps on the class path", e);
    }
    return new ImportMap(new JsonObject().put("imports", new JsonObject(new java.util.LinkedHashMap<>(imports))).encode());
  }

  /**
   * The JSON objects of a resource, one after the other: one per jar on a class path of jars, all of
   * them in the packaged jar (whose build appends the jars' files into one).
   */
  static java.util.List<String> objects(String text) {
    java.util.List<String> objects = new java.util.ArrayList<>();
    int depth = 0;
    int start = -1;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '{') {
        if (depth++ == 0) {
          start = i;
        }
      } else if (c == '}' && depth > 0 && --depth == 0) {
        objects.add(text.substring(start, i + 1));
      }
    }
    return objects;
  }

  /** The inline script for a page's head. */
  String scriptTag() {
    return "<script type=\"importmap\">" + json + "</script>";
  }

  /** The CSP source that allows exactly that script: {@code 'sha256-...'} of its text. */
  String cspSource() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  String json() {
    return json;
  }
}
