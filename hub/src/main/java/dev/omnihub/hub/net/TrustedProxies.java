package dev.omnihub.hub.net;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The reverse proxies (load balancers, CDNs) whose forwarding headers the hub believes: literal IPv4
 * and IPv6 addresses and CIDR ranges ({@code 10.0.0.0/8}, {@code fd00::/8}), from
 * {@code TRUSTED_PROXIES}. Host names are refused: a name would need a DNS lookup per request and
 * could change under the hub. An IPv4 address written as IPv6 ({@code ::ffff:10.0.0.1}) is the IPv4
 * address.
 */
public final class TrustedProxies {

  /** No proxy: every request's client is the peer that connected. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of(), "");

  /** An address prefix: the first {@code bits} bits of {@code address}. */
  private record Range(byte[] address, int bits) {

    boolean contains(byte[] candidate) {
      if (candidate.length != address.length) {
        return false;
      }
      int whole = bits / 8;
      for (int i = 0; i < whole; i++) {
        if (candidate[i] != address[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest) & 0xff;
      return (candidate[whole] & mask) == (address[whole] & mask);
    }
  }

  private final List<Range> ranges;
  private final String text;

  private TrustedProxies(List<Range> ranges, String text) {
    this.ranges = ranges;
    this.text = text;
  }

  /**
   * Reads a comma- or space-separated list of addresses and CIDR ranges.
   *
   * @throws IllegalArgumentException naming {@code TRUSTED_PROXIES} and the entry that is neither
   */
  public static TrustedProxies parse(String list) {
    if (list == null || list.isBlank()) {
      return NONE;
    }
    List<Range> ranges = new ArrayList<>();
    for (String entry : list.trim().split("[,\\s]+")) {
      ranges.add(range(entry));
    }
    return new TrustedProxies(List.copyOf(ranges), String.join(",", list.trim().split("[,\\s]+")));
  }

  private static Range range(String entry) {
    int slash = entry.indexOf('/');
    byte[] address = literal(slash < 0 ? entry : entry.substring(0, slash));
    if (address == null) {
      throw new IllegalArgumentException("TRUSTED_PROXIES lists '" + entry + "', which is not an IP address or a CIDR range "
          + "such as 10.0.0.0/8 or fd00::/8 (host names are not accepted)");
    }
    int max = address.length * 8;
    int bits = max;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (bits < 0 || bits > max) {
        throw new IllegalArgumentException("TRUSTED_PROXIES lists '" + entry + "', whose prefix length must be from 0 to " + max);
      }
    }
    return new Range(address, bits);
  }

  /**
   * The bytes of a literal IP address (4 for IPv4, 16 for IPv6; an IPv4-mapped IPv6 address gives its 4),
   * or {@code null} for anything else. Never resolves a name.
   */
  static byte[] literal(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text.toLowerCase(Locale.ROOT));
    if (bytes != null && bytes.length == 16 && isIpv4Mapped(bytes)) {
      return Arrays.copyOfRange(bytes, 12, 16);
    }
    return bytes;
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  /** Whether a literal address belongs to a trusted proxy; anything that is not an address is not trusted. */
  public boolean trusts(String address) {
    if (ranges.isEmpty()) {
      return false;
    }
    byte[] bytes = literal(address);
    return bytes != null && trusts(bytes);
  }

  boolean trusts(byte[] address) {
    for (Range range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  @Override
  public String toString() {
    return text.isEmpty() ? "none" : text;
  }
}
