package dev.omnihub.hub.api;

import dev.omnihub.adapters.spi.ChannelAdapter;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.InputRejectedException;
import dev.omnihub.adapters.spi.JsonInput;
import dev.omnihub.adapters.spi.NotFoundException;
import dev.omnihub.adapters.webhook.OutboundAddresses;
import dev.omnihub.hub.auth.Principal;
import dev.omnihub.hub.auth.Role;
import dev.omnihub.hub.channel.Channel;
import dev.omnihub.hub.channel.ChannelAdapters;
import dev.omnihub.hub.channel.ChannelHealthBoard;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.channel.SettingPath;
import dev.omnihub.hub.channel.StoreChannelDirectory;
import dev.omnihub.hub.csat.CsatSettings;
import dev.omnihub.hub.events.PublishingStore;
import dev.omnihub.hub.net.ClientOrigin;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /api/v1/channels}: configured channels. The signing secret is shown only when a channel is
 * created and when its secret is rotated. Settings are shown to admins only, credentials among them
 * as {@value #MASK}; sending {@value #MASK} back in a PATCH keeps the stored value (API.md).
 */
final class ChannelRoutes {

  static final String MASK = "********";

  private final PublishingStore store;
  private final ChannelStore channels;
  private final ChannelAdapters adapters;
  private final Supplier<String> publicUrl;
  private final ChannelHealthBoard health;
  private final EventBus bus;
  private final OutboundAddresses outbound;

  ChannelRoutes(PublishingStore store, ChannelStore channels, ChannelAdapters adapters, Supplier<String> publicUrl,
      ChannelHealthBoard health, EventBus bus, OutboundAddresses outbound) {
    this.outbound = outbound;
    this.store = store;
    this.channels = channels;
    this.adapters = adapters;
    this.publicUrl = publicUrl;
    this.health = health;
    this.bus = bus;
  }

  void mount(Router router, Authentication auth) {
    router.post("/api/v1/channels").handler(auth.require(Role.ADMIN)).handler(this::create);
    router.get("/api/v1/channels").handler(auth.require(Role.AGENT)).handler(this::list);
    router.get("/api/v1/channels/:id").handler(auth.require(Role.AGENT)).handler(this::get);
    router.patch("/api/v1/channels/:id").handler(auth.require(Role.ADMIN)).handler(this::update);
    router.post("/api/v1/channels/:id/secret").handler(auth.require(Role.ADMIN)).handler(this::rotateSecret);
  }

  private void create(RoutingContext ctx) {
    JsonInput body = Requests.body(ctx);
    String typeName = body.requiredString("type", 32);
    ChannelType type;
    try {
      type = ChannelType.fromWireName(typeName);
    } catch (IllegalArgumentException e) {
      throw InputRejectedException.invalid("type", e.getMessage());
    }
    ChannelAdapter adapter = adapters.requireCreatable(type);
    String name = body.requiredString("name", 200).strip();
    JsonObject options = withHubSettings(settingsOf(body), adapter::validateOptions);
    vetWebhookUrl(options.getValue("webhookUrl")).compose(vetted -> store.write(() -> channels.create(type, name, options)))
        .onSuccess(channel -> StoreChannelDirectory.announceChange(bus, channel.id()))
        .onSuccess(channel -> Responses.created(ctx, adminView(ctx, channel).put("secret", channel.secret())))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    Principal principal = Requests.principal(ctx);
    store.read(channels::list)
        .onSuccess(list -> Responses.items(ctx, list.stream().filter(channel -> principal.reaches(List.of(channel.id())))
            .map(channel -> view(ctx, channel)).toList()))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "channel");
    boolean admin = Requests.principal(ctx).has(Role.ADMIN);
    if (!Requests.principal(ctx).reaches(List.of(id))) {
      throw new NotFoundException("channel", id);
    }
    store.read(() -> {
      Channel channel = channels.require(id);
      JsonObject view = view(ctx, channel);
      // What the channel's listeners and pollers report (an IMAP login that fails): admins fix it.
      return admin ? view.put("status", health.statusOf(channel.id())) : view;
    }).onSuccess(view -> Responses.ok(ctx, view)).onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "channel");
    JsonInput body = Requests.body(ctx);
    String name = body.optionalString("name", 200);
    if (name != null && name.isBlank()) {
      throw InputRejectedException.invalid("name", "name must not be empty");
    }
    JsonObject settings = settingsOf(body);
    vetWebhookUrl(settings.getValue("webhookUrl")).compose(vetted -> store.write(() -> {
      Channel channel = channels.require(id);
      // A credential sent back as the mask shown on reads keeps its stored value.
      for (String path : adapters.credentialSettings(channel.type())) {
        SettingPath.at(settings, path).filter(setting -> MASK.equals(setting.value())).ifPresent(SettingPath::remove);
      }
      JsonObject options = settings.isEmpty() ? null
          : withHubSettings(channel.options().copy().mergeIn(settings, true), adapters.adapter(channel.type())::validateOptions);
      return channels.update(channel, name == null ? null : name.strip(), options);
    })).onSuccess(channel -> StoreChannelDirectory.announceChange(bus, channel.id()))
        .onSuccess(channel -> Responses.ok(ctx, adminView(ctx, channel))).onFailure(ctx::fail);
  }

  /** A channel's webhook URL may not lead to this machine or a private network (unless allowed). */
  private io.vertx.core.Future<Void> vetWebhookUrl(Object url) {
    if (!(url instanceof String given) || given.isBlank()) {
      return io.vertx.core.Future.succeededFuture();
    }
    return outbound.vet(given).recover(refused -> io.vertx.core.Future.failedFuture(
        InputRejectedException.invalid("webhookUrl", refused.getMessage())));
  }

  private void rotateSecret(RoutingContext ctx) {
    String id = Requests.id(ctx, "id", "channel");
    store.write(() -> channels.rotateSecret(id))
        .onSuccess(channel -> StoreChannelDirectory.announceChange(bus, channel.id()))
        .onSuccess(channel -> Responses.ok(ctx, adminView(ctx, channel).put("secret", channel.secret())))
        .onFailure(ctx::fail);
  }

  /**
   * The adapter checks its own settings; the hub's own ({@code csat}, whatever the channel type) are
   * checked here and kept beside them.
   */
  private static JsonObject withHubSettings(JsonObject settings, java.util.function.UnaryOperator<JsonObject> adapterCheck) {
    Object csat = settings.remove(CsatSettings.SETTING);
    JsonObject options = adapterCheck.apply(settings);
    if (csat != null) {
      if (!(csat instanceof JsonObject given)) {
        throw InputRejectedException.invalid(CsatSettings.SETTING, "csat must be an object: {enabled, question?, delay?, quietDays?}");
      }
      options.put(CsatSettings.SETTING, CsatSettings.parse(JsonInput.at(given, CsatSettings.SETTING)).toJson());
    }
    return options;
  }

  /** API.md puts a channel's settings next to type and name: {@code {type, name, ...settings}}. */
  private static JsonObject settingsOf(JsonInput body) {
    JsonObject settings = body.raw().copy();
    settings.remove("type");
    settings.remove("name");
    return settings;
  }

  /** Admins see a channel's settings (credentials masked); everyone else its id, type and name. */
  private JsonObject view(RoutingContext ctx, Channel channel) {
    if (Requests.principal(ctx).has(Role.ADMIN)) {
      return adminView(ctx, channel);
    }
    return new JsonObject().put("id", channel.id()).put("type", channel.type().wireName()).put("name", channel.name());
  }

  private JsonObject adminView(RoutingContext ctx, Channel channel) {
    JsonObject settings = channel.options().copy();
    for (String path : adapters.credentialSettings(channel.type())) {
      SettingPath.at(settings, path).ifPresent(setting -> setting.replace(MASK));
    }
    JsonObject view = new JsonObject()
        .put("id", channel.id())
        .put("type", channel.type().wireName())
        .put("name", channel.name())
        .put("settings", settings)
        .put("createdAt", channel.createdAt().toString());
    // Only channels that take webhooks have a URL to call; mail arrives at the channel's address.
    if (adapters.adapter(channel.type()).webhook().isPresent()) {
      view.put("inboundUrl", ClientOrigin.of(ctx).publicUrl(publicUrl.get()) + "/webhooks/" + channel.type().wireName() + "/" + channel.id());
    }
    return view;
  }
}
