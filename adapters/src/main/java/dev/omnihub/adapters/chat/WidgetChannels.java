package dev.omnihub.adapters.chat;

import dev.omnihub.adapters.spi.ChannelDirectory;
import dev.omnihub.adapters.spi.ChannelSettings;
import dev.omnihub.adapters.spi.ChannelType;
import dev.omnihub.adapters.spi.Contact;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.NotFoundException;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/** What every widget route does first: find the chat channel, and answer only the sites it allows. */
final class WidgetChannels {

  /** The shape of the hub's ids (24 hex digits); anything else is not looked up. */
  private static final Pattern ID = Pattern.compile("[0-9a-fA-F]{24}");

  private WidgetChannels() {
  }

  /** The chat channel, or 404 for any other id (a guessed id learns nothing). */
  static Future<ChannelSettings> chatChannel(ChannelDirectory channels, String channelId) {
    if (channelId == null || !ID.matcher(channelId).matches()) {
      return Future.failedFuture(new NotFoundException("channel", channelId));
    }
    return channels.find(channelId).compose(found -> found.filter(channel -> channel.type() == ChannelType.CHAT)
        .map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(new NotFoundException("channel", channelId))));
  }

  /** Lets the calling page read the answer when its origin is one the channel allows. */
  static void allowOrigin(RoutingContext ctx, ChannelSettings channel) {
    ChatSettings.from(channel.options()).site().allowOrigin(ctx);
  }

  /** Who a visitor is to the identity resolver: their visitor id, and a user id the site verified. */
  static Contact visitorContact(String visitorId, String verifiedUser, String name) {
    return verifiedUser == null ? Contact.of(name, ContactIdentity.visitor(visitorId))
        : Contact.of(name, ContactIdentity.visitor(visitorId), ContactIdentity.external(verifiedUser));
  }
}
