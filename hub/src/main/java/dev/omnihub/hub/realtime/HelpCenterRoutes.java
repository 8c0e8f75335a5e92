package dev.omnihub.hub.realtime;

import static dev.omnihub.hub.realtime.WidgetChannels.allowOrigin;
import static dev.omnihub.hub.realtime.WidgetChannels.chatChannel;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.hub.channel.Channel;
import dev.omnihub.hub.errors.NotFoundException;
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
 * {@code GET /api/v1/widget/{channelId}/kb/articles/{articleId}}, published articles only.
 */
final class HelpCenterRoutes {

  private final Vertx vertx;
  private final WidgetServices.HelpCenter services;

  HelpCenterRoutes(Vertx vertx, WidgetServices.HelpCenter services) {
    this.vertx = vertx;
    this.services = services;
  }

  void mount(Router router) {
    router.get("/api/v1/widget/:channelId/kb/search").handler(this::search);
    router.get("/api/v1/widget/:channelId/kb/articles/:articleId").handler(this::article);
  }

  /** A published article, as the help center shows it (drafts answer 404, as if they did not exist). */
  private void article(RoutingContext ctx) {
    services.searchesPerAddress().acquire(ClientOrigin.of(ctx).limitKey());
    String channelId = ctx.pathParam("channelId");
    String articleId = ctx.pathParam("articleId");
    record Shown(Channel channel, String json) {
    }
    services.store().read(() -> {
      Channel channel = chatChannel(services.channels(), channelId);
      KbArticle article = Ids.looksLikeId(articleId) ? services.articles().findLive(articleId) : null;
      if (article == null || !article.published()) {
        throw new NotFoundException("article", articleId);
      }
      // Rendered here, on the store's worker: Markdown is no work for an event loop.
      return new Shown(channel, new JsonObject().put("id", article.id())
          .put("title", article.title()).put("html", ArticleMarkdown.html(article.body())).put("locale", article.locale())
          .put("tags", new JsonArray(article.tags())).put("updatedAt", article.updatedAt().toString()).encode());
    }).onSuccess(shown -> {
      allowOrigin(ctx, shown.channel());
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
    services.store().read(() -> chatChannel(services.channels(), channelId))
        .compose(channel -> vertx.executeBlocking(() -> services.knowledge().search(q, locale, limit, SearchScope.PUBLISHED_ARTICLES), false)
            .onSuccess(hits -> {
              allowOrigin(ctx, channel);
              ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("items", new JsonArray(hits.stream()
                  .map(hit -> new JsonObject().put("articleId", hit.id()).put("title", hit.title()).put("snippet", hit.snippet())
                      .put("score", Math.round(hit.score() * 1000) / 1000.0)).toList())).encode());
            }))
        .onFailure(ctx::fail);
  }
}
