package dev.omnihub.hub.realtime;

import dev.omnihub.adapters.spi.CustomerSite;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.kb.ArticleMarkdown;
import dev.omnihub.hub.kb.KbArticle;
import dev.omnihub.hub.net.ClientOrigin;
import dev.omnihub.hub.store.Ids;
import dev.omnihub.kb.SearchScope;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The widget's help center: {@code GET /api/v1/widget/{channelId}/kb/search?q=} and
 * {@code GET /api/v1/widget/{channelId}/kb/articles/{articleId}}, published articles only, for a
 * channel with a {@link CustomerSite} and answered to the sites it allows.
 */
public final class HelpCenterRoutes {

  private final Vertx vertx;
  private final HelpCenter services;

  public HelpCenterRoutes(Vertx vertx, HelpCenter services) {
    this.vertx = vertx;
    this.services = services;
  }

  public void mount(Router router) {
    router.get("/api/v1/widget/:channelId/kb/search").handler(this::search);
    router.get("/api/v1/widget/:channelId/kb/articles/:articleId").handler(this::article);
  }

  /** A published article, as the help center shows it (drafts answer 404, as if they did not exist). */
  private void article(RoutingContext ctx) {
    services.searchesPerAddress().acquire(ClientOrigin.of(ctx).limitKey());
    String channelId = ctx.pathParam("channelId");
    String articleId = ctx.pathParam("articleId");
    record Shown(CustomerSite site, String json) {
    }
    services.store().read(() -> {
      CustomerSite site = site(channelId);
      KbArticle article = Ids.looksLikeId(articleId) ? services.articles().findLive(articleId) : null;
      if (article == null || !article.published()) {
        throw new NotFoundException("article", articleId);
      }
      // Rendered here, on the store's worker: Markdown is no work for an event loop.
      return new Shown(site, new JsonObject().put("id", article.id())
          .put("title", article.title()).put("html", ArticleMarkdown.html(article.body())).put("locale", article.locale())
          .put("tags", new JsonArray(article.tags())).put("updatedAt", article.updatedAt().toString()).encode());
    }).onSuccess(shown -> {
      shown.site().allowOrigin(ctx);
      ctx.response().putHeader("Content-Type", "application/json").end(shown.json());
    }).onFailure(ctx::fail);
  }

  /**
   * Self-service: the help center's published articles for what a visitor types, before they write to
   * anyone. No visitor token needed (the articles are public); limited per address, and answered to
   * the sites the channel allows.
   */
  private void search(RoutingContext ctx) {
    services.searchesPerAddress().acquire(ClientOrigin.of(ctx).limitKey());
    String q = ctx.request().getParam("q");
    if (q == null || q.isBlank() || q.length() > 500) {
      throw InputRejectedException.invalid("q", "q is the text to search for (at most 500 characters)");
    }
    String locale = ctx.request().getParam("locale");
    int limit;
    try {
      limit = ctx.request().getParam("limit") == null ? 5 : Math.max(1, Math.min(10, Integer.parseInt(ctx.request().getParam("limit"))));
    } catch (NumberFormatException e) {
      throw InputRejectedException.invalid("limit", "limit is a whole number from 1 to 10");
    }
    String channelId = ctx.pathParam("channelId");
    services.store().read(() -> site(channelId))
        .compose(site -> vertx.executeBlocking(() -> services.knowledge().search(q, locale, limit, SearchScope.PUBLISHED_ARTICLES), false)
            .onSuccess(hits -> {
              site.allowOrigin(ctx);
              ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("items", new JsonArray(hits.stream()
                  .map(hit -> new JsonObject().put("articleId", hit.id()).put("title", hit.title()).put("snippet", hit.snippet())
                      .put("score", Math.round(hit.score() * 1000) / 1000.0)).toList())).encode());
            }))
        .onFailure(ctx::fail);
  }

  /** The channel's site; 404 for a channel without one, or no channel (a guessed id learns nothing). Blocking. */
  private CustomerSite site(String channelId) {
    if (!Ids.looksLikeId(channelId)) {
      throw new NotFoundException("channel", channelId);
    }
    return services.channels().findCached(channelId)
        .flatMap(channel -> services.adapters().adapter(channel.type()).customerSite(channel.settings()))
        .orElseThrow(() -> new NotFoundException("channel", channelId));
  }
}
