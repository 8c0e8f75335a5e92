package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.conversation.ConversationStore;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.kb.ArticleArchive;
import dev.omnihub.hub.kb.ArticleMarkdown;
import dev.omnihub.hub.kb.ArticleStore;
import dev.omnihub.hub.kb.KbArticle;
import dev.omnihub.hub.kb.KnowledgeServices;
import dev.omnihub.hub.kb.KnowledgeSync;
import dev.omnihub.hub.views.Views;
import dev.omnihub.kb.KnowledgeIndex;
import dev.omnihub.kb.Suggestion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/kb}: articles (admins write, agents read) and search (API.md "Knowledge base"). A
 * write is acknowledged once durable in the store and, on this node, searchable.
 */
final class KnowledgeRoutes {

  private static final int MAX_TITLE = 300;
  private static final int MAX_BODY = 100_000;
  private static final Pattern LOCALE = Pattern.compile("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$");
  private static final List<String> STATUSES = List.of(KbArticle.DRAFT, KbArticle.PUBLISHED);

  private final Vertx vertx;
  private final PublishingStore store;
  private final ArticleStore articles;
  private final KnowledgeSync sync;
  private final KnowledgeIndex index;
  private final KnowledgeServices kb;
  private final ConversationStore conversations;

  KnowledgeRoutes(Vertx vertx, PublishingStore store, KnowledgeServices kb, ConversationStore conversations) {
    this.vertx = vertx;
    this.store = store;
    this.articles = kb.articles();
    this.sync = kb.sync();
    this.index = kb.index();
    this.kb = kb;
    this.conversations = conversations;
  }

  void mount(Router router, Authentication auth, ScopeGate scope) {
    router.post("/api/v1/kb/articles").handler(auth.require(Role.ADMIN)).handler(this::create);
    router.get("/api/v1/kb/articles").handler(auth.require(Role.AGENT)).handler(this::list);
    router.get("/api/v1/kb/articles/:id").handler(auth.require(Role.AGENT)).handler(this::get);
    router.put("/api/v1/kb/articles/:id").handler(auth.require(Role.ADMIN)).handler(this::replace);
    router.delete("/api/v1/kb/articles/:id").handler(auth.require(Role.ADMIN)).handler(this::delete);
    router.get("/api/v1/kb/articles/:id/versions").handler(auth.require(Role.AGENT)).handler(this::versions);
    router.get("/api/v1/kb/search").handler(auth.require(Role.AGENT)).handler(this::search);
    router.get("/api/v1/kb/export").handler(auth.require(Role.ADMIN)).handler(this::export);
    router.post("/api/v1/kb/import").handler(auth.require(Role.ADMIN)).handler(this::importArticles);
    router.post("/api/v1/kb/preview").handler(auth.require(Role.ADMIN)).handler(this::preview);
    router.get("/api/v1/conversations/:id/suggestions").handler(auth.require(Role.AGENT)).handler(scope.conversation())
        .handler(this::suggestions);
    router.post("/api/v1/conversations/:id/suggestions/feedback").handler(auth.require(Role.AGENT)).handler(scope.conversation())
        .handler(this::feedback);
  }

  /**
   * {@code POST /api/v1/kb/preview {body}} → {@code {html}}: the Markdown as an article shows it, by the
   * same renderer and sanitizer, so the editor's preview is what readers will get. Rendered off the event loop.
   */
  private void preview(RoutingContext ctx) {
    String markdown = Requests.body(ctx).requiredString("body", MAX_BODY);
    vertx.executeBlocking(() -> ArticleMarkdown.html(markdown), false)
        .onSuccess(html -> Responses.ok(ctx, new JsonObject().put("html", html))).onFailure(ctx::fail);
  }

  /** Every live article: JSON {@code {articles: [...]}}, or with {@code format=markdown} a zip of Markdown files with front matter. */
  private void export(RoutingContext ctx) {
    String format = Requests.query(ctx, "format");
    if (format != null && !format.equals("json") && !format.equals("markdown")) {
      throw InputRejectedException.invalid("format", "format is json or markdown");
    }
    // Rendered on the store's worker with the read: Markdown of every article is no work for an event loop.
    if ("markdown".equals(format)) {
      store.read(() -> io.vertx.core.buffer.Buffer.buffer(ArticleArchive.zip(articles.all()))).onSuccess(zip -> ctx.response()
          .putHeader("Content-Type", "application/zip")
          .putHeader("Content-Disposition", "attachment; filename=\"knowledge-base.zip\"")
          .end(zip)).onFailure(ctx::fail);
      return;
    }
    store.read(() -> new JsonObject().put("articles", new JsonArray(articles.all().stream().map(KnowledgeRoutes::view).toList())))
        .onSuccess(all -> Responses.ok(ctx, all)).onFailure(ctx::fail);
  }

  /**
   * Imports articles: a JSON body {@code {articles: [{id?, title, body, locale, tags, status}]}} or a
   * zip of Markdown files with front matter ({@code Content-Type: application/zip}). Every article is
   * checked before any is written; each is matched by id, else by title and locale, so a retry
   * changes nothing. Answered once the articles are stored and searchable here.
   */
  private void importArticles(RoutingContext ctx) {
    String type = String.valueOf(ctx.request().getHeader("Content-Type")).toLowerCase(Locale.ROOT);
    List<JsonObject> given = new ArrayList<>();
    if (type.startsWith("application/zip")) {
      if (ctx.body().buffer() == null || ctx.body().length() == 0) {
        throw InputRejectedException.invalid("file", "the body is the zip of Markdown files");
      }
      for (ArticleArchive.Entry entry : ArticleArchive.unzip(ctx.body().buffer().getBytes())) {
        given.add(new JsonObject().put("id", entry.id()).put("title", entry.title()).put("body", entry.body()).put("locale", entry.locale())
            .put("tags", new JsonArray(entry.tags())).put("status", entry.status()));
      }
    } else {
      JsonArray list = Requests.body(ctx).raw().getValue("articles") instanceof JsonArray array ? array : null;
      if (list == null) {
        throw InputRejectedException.invalid("articles", "articles is the list of articles to import");
      }
      for (Object item : list) {
        if (!(item instanceof JsonObject object)) {
          throw InputRejectedException.invalid("articles", "each article is an object");
        }
        given.add(object);
      }
    }
    if (given.size() > ArticleArchive.MAX_ENTRIES) {
      throw InputRejectedException.invalid("articles", "at most " + ArticleArchive.MAX_ENTRIES + " articles in one import");
    }
    List<String> ids = new ArrayList<>();
    List<ArticleStore.Draft> drafts = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      try {
        drafts.add(draft(JsonInput.of(given.get(i))));
        ids.add(given.get(i).getValue("id") instanceof String id ? id : null);
      } catch (InputRejectedException e) {
        throw InputRejectedException.invalid("articles[" + i + "]." + e.field(), e.getMessage());
      }
    }
    var actor = Requests.principal(ctx).actor();
    store.write(() -> {
      Map<ArticleStore.Imported, Integer> counts = new java.util.EnumMap<>(ArticleStore.Imported.class);
      for (int i = 0; i < drafts.size(); i++) {
        counts.merge(articles.importArticle(ids.get(i), drafts.get(i), actor), 1, Integer::sum);
      }
      return counts;
    }).compose(counts -> vertx.executeBlocking(() -> {
      sync.follow().get();
      return counts;
    }, false)).onSuccess(counts -> Responses.ok(ctx, new JsonObject()
        .put("created", counts.getOrDefault(ArticleStore.Imported.CREATED, 0))
        .put("updated", counts.getOrDefault(ArticleStore.Imported.UPDATED, 0))
        .put("unchanged", counts.getOrDefault(ArticleStore.Imported.UNCHANGED, 0)))).onFailure(ctx::fail);
  }

  private void suggestions(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "conversation");
    kb.suggestions().forConversation(id, Requests.principal(ctx)).onSuccess(items -> Responses.items(ctx, items.stream()
        .map(JsonObject.class::cast).toList())).onFailure(ctx::fail);
  }

  /** An agent's verdict on a suggestion: {@code {kind, id, useful}}; giving it again replaces it. */
  private void feedback(RoutingContext ctx) {
    String conversationId = Requests.id(ctx, "id", "conversation");
    JsonInput body = Requests.body(ctx);
    String kindName = body.requiredString("kind", 16);
    Suggestion.Kind kind = switch (kindName) {
      case "article" -> Suggestion.Kind.ARTICLE;
      case "answer" -> Suggestion.Kind.ANSWER;
      default -> throw InputRejectedException.invalid("kind", "kind is article or answer");
    };
    String entryId = body.requiredString("id", 64);
    Boolean useful = body.optionalBoolean("useful");
    if (useful == null) {
      throw InputRejectedException.invalid("useful", "useful is true (the suggestion was used) or false (not helpful)");
    }
    var principal = Requests.principal(ctx);
    store.write(() -> {
      conversations.require(conversationId);
      if (!kb.exists(kind, entryId)) {
        throw new NotFoundException(kind.wire(), entryId);
      }
      kb.feedback().record(conversationId, kind, entryId, useful, principal.id());
      return null;
    }).onSuccess(ignored -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    ArticleStore.Draft draft = draft(Requests.body(ctx));
    var actor = Requests.principal(ctx).actor();
    store.write(() -> articles.create(draft, actor))
        .compose(this::indexed)
        .onSuccess(article -> Responses.created(ctx, view(article)))
        .onFailure(ctx::fail);
  }

  private void replace(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "article");
    ArticleStore.Draft draft = draft(Requests.body(ctx));
    var actor = Requests.principal(ctx).actor();
    store.write(() -> articles.replace(id, draft, actor))
        .compose(this::indexed)
        .onSuccess(article -> Responses.ok(ctx, view(article)))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "article");
    store.write(() -> {
      articles.delete(id);
      return id;
    }).compose(deleted -> vertx.executeBlocking(() -> sync.apply(deleted).get(), false))
        .onSuccess(ignored -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "article");
    store.read(() -> view(articles.require(id))).onSuccess(article -> Responses.ok(ctx, article)).onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    String status = Requests.query(ctx, "status");
    if (status != null && !STATUSES.contains(status)) {
      throw InputRejectedException.invalid("status", "status is draft or published");
    }
    String locale = Requests.query(ctx, "locale");
    String tag = Requests.query(ctx, "tag");
    var cursor = Requests.cursor(ctx);
    int limit = Requests.limit(ctx);
    store.read(() -> articles.list(status, locale, tag, cursor, limit).map(KnowledgeRoutes::view))
        .onSuccess(page -> Responses.page(ctx, page))
        .onFailure(ctx::fail);
  }

  private void versions(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "article");
    store.read(() -> articles.versions(id)).onSuccess(versions -> Responses.items(ctx, versions.stream().map(version -> new JsonObject()
        .put("version", version.version()).put("title", version.title()).put("body", version.body()).put("locale", version.locale())
        .put("tags", new JsonArray(version.tags())).put("status", version.status()).put("at", Views.time(version.at()))
        .put("by", version.by() == null ? null : new JsonObject().put("type", version.by().type()).put("id", version.by().id())))
        .toList())).onFailure(ctx::fail);
  }

  /**
   * Agents search every article, drafts included (they may be writing one), weak matches too: each
   * with its confidence, so the console can tell a sure answer from a guess.
   */
  private void search(RoutingContext ctx) {
    String q = Requests.query(ctx, "q");
    if (q == null || q.isBlank()) {
      throw InputRejectedException.invalid("q", "q is the text to search for");
    }
    if (q.length() > 1000) {
      throw InputRejectedException.invalid("q", "q is at most 1,000 characters");
    }
    String locale = Requests.query(ctx, "locale");
    int limit = Math.min(Requests.limit(ctx), 50);
    vertx.executeBlocking(() -> index.search(q, locale, limit, false), false)
        .onSuccess(hits -> Responses.items(ctx, hits.stream().map(hit -> new JsonObject().put("articleId", hit.id())
            .put("title", hit.title()).put("snippet", hit.snippet()).put("score", Math.round(hit.score() * 1000) / 1000.0)).toList()))
        .onFailure(ctx::fail);
  }

  /** Acknowledged once searchable on this node too. */
  private Future<KbArticle> indexed(KbArticle article) {
    return vertx.executeBlocking(() -> {
      sync.apply(article.id()).get();
      return article;
    }, false);
  }

  private static ArticleStore.Draft draft(JsonInput body) {
    String title = body.requiredString("title", MAX_TITLE).strip();
    if (title.isEmpty()) {
      throw InputRejectedException.invalid("title", "title must not be blank");
    }
    String text = body.requiredString("body", MAX_BODY);
    String locale = body.optionalString("locale", 35);
    locale = locale == null ? "en" : locale.strip().toLowerCase(Locale.ROOT);
    if (!LOCALE.matcher(locale).matches()) {
      throw InputRejectedException.invalid("locale", "locale is a language tag such as en, zh or pt-br");
    }
    List<String> tags = body.optionalStringList("tags", 20, 50);
    String status = body.optionalChoice("status", STATUSES);
    return new ArticleStore.Draft(title, text, locale, tags == null ? List.of() : tags, status == null ? KbArticle.DRAFT : status);
  }

  static JsonObject view(KbArticle article) {
    return new JsonObject().put("id", article.id()).put("title", article.title()).put("body", article.body())
        .put("html", ArticleMarkdown.html(article.body())).put("locale", article.locale()).put("tags", new JsonArray(article.tags())).put("status", article.status())
        .put("version", article.version()).put("createdAt", Views.time(article.createdAt())).put("updatedAt", Views.time(article.updatedAt()));
  }
}
