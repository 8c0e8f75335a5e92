package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.hub.csat.CsatSurvey;
import dev.omnihub.hub.csat.CsatSurveys;
import dev.omnihub.hub.errors.ConflictException;
import dev.omnihub.hub.events.PublishingStore;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Optional;

/**
 * A customer's answer to a satisfaction survey, with no login (the link's token is the credential and
 * names one survey): {@code POST /api/v1/csat/{token}} {@code {score, comment?}}, and the survey's page
 * {@code /csat/{token}} with its form.
 */
final class CsatRoutes {

  private static final String PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; "
      + "frame-ancestors 'none'";
  private static final int MAX_FORM_BYTES = 16 * 1024;

  private final PublishingStore store;
  private final CsatSurveys surveys;

  CsatRoutes(PublishingStore store, CsatSurveys surveys) {
    this.store = store;
    this.surveys = surveys;
  }

  void mount(Router web) {
    web.post("/api/v1/csat/:token").handler(ctx -> {
      JsonInput body = Requests.body(ctx);
      Integer score = body.optionalInt("score", 1, 5);
      if (score == null) {
        throw InputRejectedException.invalid("score", "score is required: a whole number from 1 to 5");
      }
      String comment = body.optionalString("comment", CsatSurveys.MAX_COMMENT);
      String token = ctx.pathParam("token");
      store.writeAndPublish(() -> surveys.answer(token, score, comment)).onSuccess(answered -> ctx.response().setStatusCode(204).end())
          .onFailure(ctx::fail);
    });
    web.route("/csat/*").handler(BodyHandler.create(false).setBodyLimit(MAX_FORM_BYTES));
    web.get("/csat/:token").handler(ctx -> {
      String language = language(ctx);
      String token = ctx.pathParam("token");
      store.read(() -> surveys.surveyOf(token)).onSuccess(found -> {
        if (found.isEmpty()) {
          html(ctx, 404, CsatPage.unknown(language));
        } else if (CsatSurvey.ANSWERED.equals(found.get().status())) {
          html(ctx, 200, CsatPage.answered(language));
        } else {
          html(ctx, 200, CsatPage.form(language, found.get().question(), "/csat/" + token + "?lang=" + language));
        }
      }).onFailure(ctx::fail);
    });
    web.post("/csat/:token").handler(ctx -> {
      String language = language(ctx);
      Optional<Integer> score = score(ctx.request().getFormAttribute("score"));
      if (score.isEmpty()) {
        html(ctx, 400, CsatPage.unknown(language));
        return;
      }
      String comment = ctx.request().getFormAttribute("comment");
      String kept = comment == null || comment.length() <= CsatSurveys.MAX_COMMENT ? comment : comment.substring(0, CsatSurveys.MAX_COMMENT);
      store.writeAndPublish(() -> surveys.answer(ctx.pathParam("token"), score.get(), kept))
          .onSuccess(answered -> html(ctx, 200, CsatPage.thanks(language)))
          .onFailure(error -> {
            if (error instanceof ConflictException) {
              html(ctx, 409, CsatPage.answered(language));
            } else if (error instanceof NotFoundException) {
              html(ctx, 404, CsatPage.unknown(language));
            } else {
              ctx.fail(error);
            }
          });
    });
  }

  private static Optional<Integer> score(String given) {
    return given != null && given.matches("[1-5]") ? Optional.of(Integer.parseInt(given)) : Optional.empty();
  }

  private static String language(RoutingContext ctx) {
    return CsatPage.language(ctx.request().getParam("lang"), ctx.request().getHeader("Accept-Language"));
  }

  private static void html(RoutingContext ctx, int status, String page) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Content-Security-Policy", PAGE_POLICY)
        .putHeader("Cache-Control", "no-store").putHeader("Referrer-Policy", "no-referrer").end(page);
  }
}
