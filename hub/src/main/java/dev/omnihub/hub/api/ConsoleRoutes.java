package dev.omnihub.hub.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The console at {@code /console/} (the {@code console-ui} jar's files) and the ES modules it imports at
 * {@code /_static/} (mvnpm jars: Lit and its parts, versioned paths, cached for a year). No Node build:
 * the pages import bare names ({@code lit}) through one import map merged from the jars at start and
 * put inline in the page, the only inline script the strict Content-Security-Policy allows (by its hash).
 */
final class ConsoleRoutes {

  private static final String CONSOLE = "omnihub-console";
  private static final String IMPORT_MAP_PLACEHOLDER = "<!-- importmap -->";
  private static final long YEAR_SECONDS = 365L * 24 * 3600;

  private final String policy;
  private final Buffer index;

  ConsoleRoutes(ClassLoader loader) {
    ImportMap importMap = ImportMap.fromClassPath(loader);
    this.policy = "default-src 'self'; script-src 'self' " + importMap.cspSource() + "; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    this.index = Buffer.buffer(read(loader, CONSOLE + "/index.html").replace(IMPORT_MAP_PLACEHOLDER, importMap.scriptTag()));
  }

  void mount(Router router) {
    router.get("/").handler(ctx -> ctx.redirect("/console/"));
    router.get("/console/*").handler(this::page).handler(StaticHandler.create(CONSOLE).setCachingEnabled(false));
    router.get("/_static/*").handler(ctx -> {
      // Versioned paths (/_static/lit/3.3.3/...): a new version is a new address, so a year is safe.
      ctx.response().putHeader("Cache-Control", "public, max-age=" + YEAR_SECONDS + ", immutable");
      ctx.next();
    }).handler(StaticHandler.create("META-INF/resources/_static").setCachingEnabled(false).setDirectoryListing(false));
  }

  /** Every console response carries the policy; the page itself is served with its import map filled in. */
  private void page(RoutingContext ctx) {
    ctx.response().putHeader("Content-Security-Policy", policy).putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "same-origin");
    String path = ctx.normalizedPath();
    if (path.equals("/console/") || path.equals("/console/index.html")) {
      ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-cache").end(index);
      return;
    }
    ctx.next();
  }

  private static String read(ClassLoader loader, String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path (the console-ui jar)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
