package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.InboundResult;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.adapters.spi.WebhookInbound;
import dev.omnihub.adapters.spi.WebhookRequest;
import dev.omnihub.adapters.spi.WebhookResponse;
import dev.omnihub.hub.channel.Channel;
import dev.omnihub.hub.channel.ChannelAdapters;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.ingest.IngestPipeline;
import dev.omnihub.hub.net.ClientOrigin;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * {@code POST /webhooks/{type}/{channelId}}: inbound traffic of webhook channels. The channel's
 * adapter verifies and parses the request, the pipeline stores it, and only then the adapter's
 * acknowledgement is sent. {@code GET} on the same URL is a provider's verification handshake, which
 * the adapter answers (405 where there is none).
 */
final class WebhookRoutes {

  /**
   * Bodies up to this are parsed on the event loop: a signed JSON message or a form post of a few KiB
   * takes microseconds, while a 20 MiB transcript took about 60 ms to verify and parse.
   */
  static final int INLINE_PARSE_BYTES = 64 * 1024;
  /**
   * Large bodies are parsed on at most one core fewer than the machine has, so the event loops always
   * find one free: with three 15 MiB transcripts parsed at once on two cores, /health waited for a CPU.
   */
  static final int LARGE_BODY_PARSERS = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);

  private final PublishingStore store;
  private final ChannelStore channels;
  private final ChannelAdapters adapters;
  private final IngestPipeline pipeline;
  private final Supplier<String> publicUrl;
  private final Clock clock;
  private final WorkerExecutor largeBodies;

  WebhookRoutes(Vertx vertx, PublishingStore store, ChannelStore channels, ChannelAdapters adapters, IngestPipeline pipeline,
      Supplier<String> publicUrl, Clock clock) {
    this.store = store;
    this.channels = channels;
    this.adapters = adapters;
    this.pipeline = pipeline;
    this.publicUrl = publicUrl;
    this.clock = clock;
    // Shared by name: every HTTP server instance parses on the same few threads.
    this.largeBodies = vertx.createSharedWorkerExecutor("omnihub-large-webhook-bodies", LARGE_BODY_PARSERS);
  }

  void mount(Router router) {
    router.get("/webhooks/:type/:channelId").handler(this::verify);
    router.post("/webhooks/:type/:channelId").handler(this::receive);
    router.post("/webhooks/:type/:channelId/:subpath").handler(this::receive);
  }

  private void receive(RoutingContext ctx) {
    ChannelType type = webhookType(ctx.pathParam("type"));
    String channelId = Requests.id(ctx, "channelId", "channel");
    WebhookInbound inbound = adapters.webhook(type);
    String subpath = ctx.pathParam("subpath");
    if (subpath != null && !inbound.subpaths().contains(subpath)) {
      throw new NotFoundException("webhook", type.wireName() + "/" + channelId + "/" + subpath);
    }
    Buffer body = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
    if (body.length() > inbound.maxBodyBytes()) {
      throw InputRejectedException.tooLarge("the body has " + body.length() + " bytes; this channel accepts at most " + inbound.maxBodyBytes());
    }
    // The URL the provider called (and signed): behind a proxy that ends TLS, with the scheme it reports.
    WebhookRequest request = new WebhookRequest(ClientOrigin.of(ctx).publicUrl(publicUrl.get()) + ctx.request().uri(), ctx.request().headers(),
        ctx.queryParams(), body, clock.instant());
    store.read(() -> channels.findCached(channelId).filter(channel -> channel.type() == type)
            .orElseThrow(() -> new NotFoundException("channel", channelId)))
        .compose(channel -> ingest(ctx, inbound, request, channel, subpath))
        .recover(error -> error instanceof InputRejectedException rejected
            ? inbound.reject(rejected).map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(error))
            : Future.failedFuture(error))
        .onSuccess(response -> ctx.response().setStatusCode(response.status())
            .putHeader("Content-Type", response.contentType()).end(response.body()))
        .onFailure(ctx::fail);
  }

  /**
   * A provider's verification handshake, answered by the channel's adapter; where there is none, GET
   * stays what it was before handshakes existed: not allowed (405).
   */
  private void verify(RoutingContext ctx) {
    ChannelType type;
    try {
      type = webhookType(ctx.pathParam("type"));
    } catch (NotFoundException noWebhooks) {
      ctx.fail(405);
      return;
    }
    String channelId = Requests.id(ctx, "channelId", "channel");
    WebhookInbound inbound = adapters.webhook(type);
    WebhookRequest request = new WebhookRequest(ClientOrigin.of(ctx).publicUrl(publicUrl.get()) + ctx.request().uri(), ctx.request().headers(),
        ctx.queryParams(), Buffer.buffer(), clock.instant());
    store.read(() -> channels.findCached(channelId).filter(channel -> channel.type() == type)
            .orElseThrow(() -> new NotFoundException("channel", channelId)))
        .map(channel -> inbound.verify(request, channel.settings()))
        .onSuccess(response -> response.ifPresentOrElse(answer -> ctx.response().setStatusCode(answer.status())
            .putHeader("Content-Type", answer.contentType()).end(answer.body()), () -> ctx.fail(405)))
        .onFailure(ctx::fail);
  }

  private Future<WebhookResponse> ingest(RoutingContext ctx, WebhookInbound inbound, WebhookRequest request, Channel channel, String subpath) {
    return parse(ctx, inbound, request, channel, subpath).compose(pipeline::submit).map(inbound::answer);
  }

  /**
   * Verifies and parses the request: on the event loop when it is small (most webhooks: a worker hop
   * would cost more than the parse), on a worker when it is large (a transcript of up to 20 MiB takes
   * tens of milliseconds to check and parse, which every other request on this loop would wait for).
   */
  private Future<InboundResult> parse(RoutingContext ctx, WebhookInbound inbound, WebhookRequest request, Channel channel,
      String subpath) {
    if (request.body().length() > INLINE_PARSE_BYTES) {
      return largeBodies.executeBlocking(() -> inbound.parse(request, channel.settings(), subpath), false);
    }
    try {
      return Future.succeededFuture(inbound.parse(request, channel.settings(), subpath));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private ChannelType webhookType(String name) {
    try {
      ChannelType type = ChannelType.fromWireName(name);
      if (adapters.supports(type) && adapters.adapter(type).webhook().isPresent()) {
        return type;
      }
    } catch (IllegalArgumentException unknown) {
      // fall through to 404
    }
    throw new NotFoundException("webhook type", name);
  }
}
