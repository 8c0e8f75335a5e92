package dev.omnihub.hub.net;

import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the client's address and scheme from {@code X-Forwarded-For}, {@code X-Forwarded-Proto} and
 * {@code Forwarded} (RFC 7239), believing them only from a trusted proxy.
 *
 * <p>Each proxy appends the address it received the request from, so the list is read from the right:
 * entries written by trusted proxies are skipped, and the first address not itself trusted is the
 * client. Everything left of it was written by the client and proves nothing. An entry that is not an
 * address ({@code unknown}, an obfuscated {@code _hidden}) stops the walk at the proxy that wrote it.
 * {@code X-Forwarded-For} wins over {@code Forwarded} when a request has both, since it is what
 * proxies set most; a proxy that sets only {@code Forwarded} must drop the client's
 * {@code X-Forwarded-For}.
 */
final class ForwardedHeaders {

  private static final String UNKNOWN = "unknown";

  private ForwardedHeaders() {
  }

  static ClientOrigin resolve(HttpServerRequest request, TrustedProxies trusted) {
    String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    if (trusted.isEmpty() || !trusted.trusts(peer)) {
      return new ClientOrigin(canonical(peer), null);
    }
    return resolve(peer, request.headers().getAll("X-Forwarded-For"), request.headers().getAll("Forwarded"),
        request.headers().getAll("X-Forwarded-Proto"), trusted);
  }

  /**
   * @param peer the address that connected
   * @param xForwardedFor every {@code X-Forwarded-For} header line, in order
   * @param forwarded every {@code Forwarded} header line, in order
   * @param xForwardedProto every {@code X-Forwarded-Proto} header line, in order
   */
  static ClientOrigin resolve(String peer, List<String> xForwardedFor, List<String> forwarded, List<String> xForwardedProto,
      TrustedProxies trusted) {
    if (!trusted.trusts(peer)) {
      return new ClientOrigin(canonical(peer), null);
    }
    List<String> hops = new ArrayList<>();
    String proto = null;
    if (!xForwardedFor.isEmpty()) {
      hops = elements(xForwardedFor);
      List<String> protos = elements(xForwardedProto);
      proto = protos.isEmpty() ? null : protos.getLast();
    } else {
      for (String element : elements(forwarded)) {
        hops.add(parameter(element, "for"));
        proto = parameter(element, "proto");
      }
    }
    String client = peer;
    for (int i = hops.size() - 1; i >= 0 && trusted.trusts(client); i--) {
      String hop = address(hops.get(i));
      if (hop == null) {
        break;
      }
      client = hop;
    }
    return new ClientOrigin(canonical(client), scheme(proto));
  }

  /** The comma-separated elements of every line, outside quoted strings. */
  private static List<String> elements(List<String> lines) {
    List<String> elements = new ArrayList<>();
    for (String line : lines) {
      boolean quoted = false;
      int start = 0;
      for (int i = 0; i <= line.length(); i++) {
        if (i == line.length() || (line.charAt(i) == ',' && !quoted)) {
          String element = line.substring(start, i).trim();
          if (!element.isEmpty()) {
            elements.add(element);
          }
          start = i + 1;
        } else if (line.charAt(i) == '"') {
          quoted = !quoted;
        }
      }
    }
    return elements;
  }

  /** A {@code Forwarded} element's parameter ({@code for=...;proto=https}), unquoted, or {@code null}. */
  private static String parameter(String element, String name) {
    for (String pair : element.split(";")) {
      int equals = pair.indexOf('=');
      if (equals > 0 && pair.substring(0, equals).trim().equalsIgnoreCase(name)) {
        String value = pair.substring(equals + 1).trim();
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
      }
    }
    return null;
  }

  /**
   * The address of a hop as proxies write it ({@code 203.0.113.7}, {@code 203.0.113.7:5123},
   * {@code 2001:db8::1}, {@code [2001:db8::1]:443}), or {@code null} when it is none.
   */
  private static String address(String hop) {
    if (hop == null) {
      return null;
    }
    String text = hop.trim();
    if (text.startsWith("[")) {
      int end = text.indexOf(']');
      text = end < 0 ? "" : text.substring(1, end);
    } else if (text.indexOf(':') > 0 && text.indexOf(':') == text.lastIndexOf(':')) {
      text = text.substring(0, text.indexOf(':'));
    }
    return TrustedProxies.literal(text) == null ? null : text;
  }

  private static String scheme(String proto) {
    if (proto == null) {
      return null;
    }
    String scheme = proto.trim().toLowerCase(Locale.ROOT);
    return scheme.equals("http") || scheme.equals("https") ? scheme : null;
  }

  /** One text per address, so that {@code 2001:DB8::1} and {@code 2001:db8:0::1} count as one client. */
  private static String canonical(String address) {
    byte[] bytes = TrustedProxies.literal(address);
    return bytes == null ? UNKNOWN : NetUtil.bytesToIpAddress(bytes);
  }
}
