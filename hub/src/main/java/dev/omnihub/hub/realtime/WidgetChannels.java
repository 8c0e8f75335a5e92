package dev.omnihub.hub.realtime;

import dev.omnihub.adapters.chat.ChatSettings;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.hub.channel.Channel;
import dev.omnihub.hub.channel.ChannelStore;
import dev.omnihub.hub.errors.NotFoundException;
import dev.omnihub.hub.store.Ids;
import io.vertx.ext.web.RoutingContext;

/** What every widget route does first: find the chat channel, and answer only the sites it allows. */
final class WidgetChannels {

  private WidgetChannels() {
  }

  /** The chat channel, or 404 for any other id (a guessed id learns nothing). Blocking. */
  static Channel chatChannel(ChannelStore channels, String channelId) {
    if (!Ids.looksLikeId(channelId)) {
      throw new NotFoundException("channel", channelId);
    }
    return channels.findCached(channelId).filter(channel -> channel.type() == ChannelType.CHAT)
        .orElseThrow(() -> new NotFoundException("channel", channelId));
  }

  /** Lets the calling page read the answer when its origin is one the channel allows. */
  static void allowOrigin(RoutingContext ctx, Channel channel) {
    String origin = ctx.request().getHeader("Origin");
    if (origin != null && ChatSettings.from(channel.options()).allows(origin)) {
      ctx.response().putHeader("Access-Control-Allow-Origin", origin).putHeader("Vary", "Origin");
    }
  }

  /** Who a visitor is to the identity resolver: their visitor id, and a user id the site verified. */
  static Contact visitorContact(String visitorId, String verifiedUser, String name) {
    return verifiedUser == null ? Contact.of(name, ContactIdentity.visitor(visitorId))
        : Contact.of(name, ContactIdentity.visitor(visitorId), ContactIdentity.external(verifiedUser));
  }
}
