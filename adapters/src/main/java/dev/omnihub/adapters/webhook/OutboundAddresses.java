package dev.omnihub.adapters.webhook;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where the hub may post webhooks (integrations, bots): never to this machine or a private network,
 * unless the operator allows it ({@code OUTBOUND_ALLOW_PRIVATE_NETWORKS=true}), so a channel's or a
 * bot's URL cannot make the hub reach its own store, a cloud's metadata service or an internal admin
 * page. Checked when the URL is given and again, after resolving the name, before every delivery (a
 * name can change). Mail servers and provider base URLs are an admin's own infrastructure and are not
 * checked here.
 */
public final class OutboundAddresses {

  private final Vertx vertx;
  private final boolean allowPrivate;

  public OutboundAddresses(Vertx vertx, boolean allowPrivate) {
    this.vertx = vertx;
    this.allowPrivate = allowPrivate;
  }

  /**
   * Resolves the URL's host (off the event loop) and fails when any address it has is not public.
   *
   * @return a future that fails with {@link RefusedAddressException} naming the problem
   */
  public Future<Void> vet(String url) {
    if (allowPrivate) {
      return Future.succeededFuture();
    }
    String host;
    try {
      host = URI.create(url).getHost();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new RefusedAddressException("'" + url + "' is not a URL"));
    }
    if (host == null) {
      return Future.failedFuture(new RefusedAddressException("'" + url + "' has no host"));
    }
    String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return vertx.executeBlocking(() -> {
      InetAddress[] addresses;
      try {
        addresses = InetAddress.getAllByName(name);
      } catch (UnknownHostException e) {
        throw new RefusedAddressException("the host " + name + " of the webhook URL is unknown");
      }
      for (InetAddress address : addresses) {
        Optional<String> why = privateReason(address);
        if (why.isPresent()) {
          throw new RefusedAddressException("the webhook URL's host " + name + " resolves to " + address.getHostAddress() + ", "
              + why.get() + "; set OUTBOUND_ALLOW_PRIVATE_NETWORKS=true to allow it");
        }
      }
      return null;
    }, false);
  }

  /** Why an address is not public, or empty when it is. */
  static Optional<String> privateReason(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return Optional.of("this machine");
    }
    if (address.isAnyLocalAddress()) {
      return Optional.of("an unspecified address");
    }
    if (address.isLinkLocalAddress()) {
      return Optional.of("a link-local address (such as a cloud metadata service)");
    }
    if (address.isSiteLocalAddress() || address.isMulticastAddress()) {
      return Optional.of("a private network address");
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc) {
      return Optional.of("a private network address (IPv6 unique local)");
    }
    if (bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64) {
      return Optional.of("a shared address space (carrier-grade NAT)");
    }
    if (bytes.length == 4 && (bytes[0] & 0xff) == 0) {
      return Optional.of("an address of this network");
    }
    return Optional.empty();
  }

  /** The URL leads somewhere the hub must not post to. */
  public static final class RefusedAddressException extends RuntimeException {
    public RefusedAddressException(String message) {
      super(message, null, false, false);
    }
  }
}
