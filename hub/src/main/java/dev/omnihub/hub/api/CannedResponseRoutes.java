package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.canned.CannedResponse;
import dev.omnihub.hub.canned.CannedResponseStore;
import dev.omnihub.hub.canned.Placeholders;
import dev.omnihub.hub.events.PublishingStore;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/canned-responses}: admins and supervisors write them, every agent searches them for
 * the composer's {@code /} picker. Placeholders are checked at save.
 */
final class CannedResponseRoutes {

  static final int MAX_TEXT = 10_000;
  private static final Pattern SHORTCUT = Pattern.compile("[\\p{L}\\p{N}_.-]{1,40}");
  private static final List<String> LOCALES = List.of("en", "zh");
  private static final int SEARCH_LIMIT = 20;

  private final PublishingStore store;
  private final CannedResponseStore responses;
  private final Clock clock;

  CannedResponseRoutes(PublishingStore store, CannedResponseStore responses, Clock clock) {
    this.store = store;
    this.responses = responses;
    this.clock = clock;
  }

  void mount(io.vertx.ext.web.Router web, Authentication auth) {
    web.post("/api/v1/canned-responses").handler(auth.require(Role.SUPERVISOR)).handler(this::create);
    web.get("/api/v1/canned-responses").handler(auth.require(Role.AGENT)).handler(ctx -> {
      String query = Requests.query(ctx, "q");
      store.read(() -> responses.search(query, SEARCH_LIMIT)).onSuccess(found -> Responses.items(ctx, found.stream()
          .map(CannedResponseRoutes::view).toList())).onFailure(ctx::fail);
    });
    web.get("/api/v1/canned-responses/:id").handler(auth.require(Role.AGENT)).handler(ctx -> {
      String id = Requests.id(ctx, "id", "canned response");
      store.read(() -> responses.find(id).orElseThrow(() -> new NotFoundException("canned response", id)))
          .onSuccess(found -> Responses.ok(ctx, view(found))).onFailure(ctx::fail);
    });
    web.patch("/api/v1/canned-responses/:id").handler(auth.require(Role.SUPERVISOR)).handler(this::change);
    web.delete("/api/v1/canned-responses/:id").handler(auth.require(Role.SUPERVISOR)).handler(ctx -> {
      String id = Requests.id(ctx, "id", "canned response");
      store.write(() -> {
        if (!responses.delete(id)) {
          throw new NotFoundException("canned response", id);
        }
        return null;
      }).onSuccess(ignored -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
    });
  }

  private void create(RoutingContext ctx) {
    JsonInput body = Requests.body(ctx);
    String shortcut = shortcut(body.requiredString("shortcut", 41));
    String title = body.requiredString("title", 200).strip();
    String text = text(body.requiredString("text", MAX_TEXT));
    String locale = body.optionalChoice("locale", LOCALES);
    store.write(() -> responses.create(shortcut, title, text, locale, clock.instant())).onSuccess(created -> Responses.created(ctx, view(created)))
        .onFailure(ctx::fail);
  }

  private void change(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "canned response");
    JsonInput body = Requests.body(ctx);
    String shortcut = body.optionalString("shortcut", 41);
    String title = body.optionalString("title", 200);
    String text = body.optionalString("text", MAX_TEXT);
    String locale = body.raw().containsKey("locale") && body.raw().getValue("locale") == null ? "" : body.optionalChoice("locale", LOCALES);
    CannedResponseStore.Change change = new CannedResponseStore.Change(shortcut == null ? null : shortcut(shortcut),
        title == null ? null : nonBlank(title, "title"), text == null ? null : text(text), locale);
    store.write(() -> responses.change(id, change, clock.instant()).orElseThrow(() -> new NotFoundException("canned response", id)))
        .onSuccess(changed -> Responses.ok(ctx, view(changed))).onFailure(ctx::fail);
  }

  private static String shortcut(String given) {
    String shortcut = given.strip().replaceFirst("^/", "");
    if (!SHORTCUT.matcher(shortcut).matches()) {
      throw InputRejectedException.invalid("shortcut", "a shortcut is 1 to 40 letters, digits, '_', '.' or '-' (typed after '/'), not '"
          + given + "'");
    }
    return shortcut;
  }

  /** A text to send: not blank, its placeholders known. */
  static String text(String given) {
    String text = nonBlank(given, "text");
    String unknown = Placeholders.firstUnknown(text);
    if (unknown != null) {
      throw InputRejectedException.invalid("text", "unknown placeholder " + unknown + "; known: " + Placeholders.KNOWN.stream()
          .map(name -> "{{" + name + "}}").toList());
    }
    return text;
  }

  private static String nonBlank(String given, String field) {
    if (given.isBlank()) {
      throw InputRejectedException.invalid(field, field + " must not be blank");
    }
    return given.strip();
  }

  static JsonObject view(CannedResponse response) {
    return new JsonObject().put("id", response.id()).put("shortcut", response.shortcut()).put("title", response.title())
        .put("text", response.text()).put("locale", response.locale()).put("createdAt", response.createdAt().toString())
        .put("updatedAt", response.updatedAt().toString());
  }
}
