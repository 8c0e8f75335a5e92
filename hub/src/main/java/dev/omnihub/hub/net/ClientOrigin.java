package dev.omnihub.hub.net;

import io.netty.util.NetUtil;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;

/**
 * Who sent a request: the client's address (the peer's, or the one a trusted proxy forwarded) and the
 * scheme a trusted proxy says the client used. Every per-address limit, the audit's {@code ip} and the
 * log use it; {@link #handler} resolves it once per request, first on the router.
 *
 * @param address        the client's address in canonical text form ({@code 203.0.113.7},
 *                       {@code 2001:db8::1}), or {@code unknown}
 * @param forwardedProto {@code http} or {@code https} as a trusted proxy reported it, or {@code null}
 */
public record ClientOrigin(String address, String forwardedProto) {

  private static final String KEY = ClientOrigin.class.getName();
  /**
   * An IPv6 client is limited by its /64: a home or a server is handed a whole /64, so counting single
   * addresses would let one client rotate through billions of them.
   */
  private static final int IPV6_LIMIT_PREFIX_BYTES = 8;

  /** A handler, first on the router, that resolves every request's origin once. */
  public static Handler<RoutingContext> handler(TrustedProxies trusted) {
    return ctx -> {
      ctx.put(KEY, ForwardedHeaders.resolve(ctx.request(), trusted));
      ctx.next();
    };
  }

  /** The request's origin as {@link #handler} resolved it (the connecting peer where it did not run). */
  public static ClientOrigin of(RoutingContext ctx) {
    ClientOrigin origin = ctx.get(KEY);
    return origin != null ? origin : ForwardedHeaders.resolve(ctx.request(), TrustedProxies.NONE);
  }

  /**
   * The key per-address limits count under: the address, except that IPv6 clients share their /64
   * ({@code 2001:db8:1:2::/64}).
   */
  public String limitKey() {
    byte[] bytes = TrustedProxies.literal(address);
    if (bytes == null || bytes.length != 16) {
      return address;
    }
    byte[] prefix = Arrays.copyOf(bytes, 16);
    Arrays.fill(prefix, IPV6_LIMIT_PREFIX_BYTES, 16, (byte) 0);
    return NetUtil.bytesToIpAddress(prefix) + "/64";
  }

  /**
   * The hub's public URL as this client reached it: {@code base} ({@code PUBLIC_URL}) with the scheme a
   * trusted proxy reported, where it reported one (a proxy that ends TLS calls the hub over http).
   */
  public String publicUrl(String base) {
    if (forwardedProto == null) {
      return base;
    }
    int colon = base.indexOf("://");
    return colon < 0 ? base : forwardedProto + base.substring(colon);
  }
}
