package dev.omnihub.hub.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

  private static final TrustedProxies PROXIES = TrustedProxies.parse("10.0.0.0/8, 192.0.2.10, fd00::/8");

  private static ClientOrigin xff(String peer, String... forwardedFor) {
    return ForwardedHeaders.resolve(peer, List.of(forwardedFor), List.of(), List.of(), PROXIES);
  }

  @Test
  void anUntrustedPeerIsTheClientWhateverItsHeadersSay() {
    ClientOrigin origin = ForwardedHeaders.resolve("203.0.113.9", List.of("198.51.100.1"), List.of("for=198.51.100.2;proto=https"),
        List.of("https"), PROXIES);

    assertThat(origin).isEqualTo(new ClientOrigin("203.0.113.9", null));
    assertThat(origin.publicUrl("http://hub.example")).isEqualTo("http://hub.example");
  }

  @Test
  void aTrustedProxyNamesTheClientAsTheRightMostAddressNotItselfTrusted() {
    // The client wrote "1.1.1.1" itself; the CDN (untrusted, 198.51.100.7) and our two proxies appended.
    assertThat(xff("10.0.0.2", "1.1.1.1, 198.51.100.7, 10.0.0.5").address()).isEqualTo("198.51.100.7");
    assertThat(xff("10.0.0.2", "1.1.1.1", "198.51.100.7").address()).as("several header lines are one list").isEqualTo("198.51.100.7");
    assertThat(xff("192.0.2.10", "203.0.113.4").address()).isEqualTo("203.0.113.4");
  }

  @Test
  void aChainOfTrustedProxiesOnlyEndsAtItsLeftMostEntry() {
    assertThat(xff("10.0.0.2", "10.1.1.1, 10.0.0.5").address()).isEqualTo("10.1.1.1");
  }

  @Test
  void aTrustedProxyWithoutHeadersIsItselfTheClient() {
    assertThat(xff("10.0.0.2").address()).isEqualTo("10.0.0.2");
  }

  @Test
  void anEntryThatIsNotAnAddressStopsAtTheProxyThatWroteIt() {
    assertThat(xff("10.0.0.2", "203.0.113.4, unknown").address()).isEqualTo("10.0.0.2");
    assertThat(xff("10.0.0.2", "203.0.113.4, <script>").address()).isEqualTo("10.0.0.2");
    assertThat(xff("10.0.0.2", "evil.example.com").address()).as("names are never resolved").isEqualTo("10.0.0.2");
  }

  @Test
  void readsPortsBracketsAndIpv6AndWritesOneFormPerAddress() {
    assertThat(xff("10.0.0.2", "203.0.113.4:5123").address()).isEqualTo("203.0.113.4");
    assertThat(xff("10.0.0.2", "[2001:DB8:0::1]:443").address()).isEqualTo("2001:db8::1");
    assertThat(xff("fd00::1", "2001:db8::1").address()).isEqualTo("2001:db8::1");
    assertThat(xff("::ffff:10.0.0.2", "203.0.113.4").address()).as("an IPv4-mapped peer is its IPv4 address").isEqualTo("203.0.113.4");
  }

  @Test
  void readsTheForwardedHeaderWhenThereIsNoXForwardedFor() {
    ClientOrigin origin = ForwardedHeaders.resolve("10.0.0.2", List.of(),
        List.of("for=1.1.1.1, for=\"[2001:db8:cafe::17]:4711\";proto=https;by=10.0.0.2"), List.of(), PROXIES);

    assertThat(origin).isEqualTo(new ClientOrigin("2001:db8:cafe::17", "https"));
    assertThat(ForwardedHeaders.resolve("10.0.0.2", List.of(), List.of("for=_hidden"), List.of(), PROXIES).address()).isEqualTo("10.0.0.2");
  }

  @Test
  void xForwardedForWinsOverForwarded() {
    ClientOrigin origin = ForwardedHeaders.resolve("10.0.0.2", List.of("203.0.113.4"), List.of("for=198.51.100.1"), List.of(), PROXIES);

    assertThat(origin.address()).isEqualTo("203.0.113.4");
  }

  @Test
  void theSchemeComesFromTheNearestTrustedProxyAndOnlyHttpOrHttpsCounts() {
    ClientOrigin origin = ForwardedHeaders.resolve("10.0.0.2", List.of("203.0.113.4"), List.of(), List.of("http, https"), PROXIES);

    assertThat(origin.forwardedProto()).isEqualTo("https");
    assertThat(origin.publicUrl("http://hub.example:8080")).isEqualTo("https://hub.example:8080");
    assertThat(ForwardedHeaders.resolve("10.0.0.2", List.of("203.0.113.4"), List.of(), List.of("javascript"), PROXIES).forwardedProto())
        .isNull();
  }

  @Test
  void ipv6ClientsAreLimitedByTheirSlash64() {
    assertThat(new ClientOrigin("2001:db8:1:2:aaaa::1", null).limitKey()).isEqualTo("2001:db8:1:2::/64");
    assertThat(new ClientOrigin("2001:db8:1:2:bbbb::9", null).limitKey()).isEqualTo("2001:db8:1:2::/64");
    assertThat(new ClientOrigin("203.0.113.4", null).limitKey()).isEqualTo("203.0.113.4");
  }

  @Test
  void trustedProxiesMatchAddressesAndRangesOfBothFamilies() {
    TrustedProxies proxies = TrustedProxies.parse("10.0.0.0/8 172.16.0.0/12,192.0.2.10,fd00::/8,::1");

    assertThat(proxies.trusts("10.255.0.1")).isTrue();
    assertThat(proxies.trusts("11.0.0.1")).isFalse();
    assertThat(proxies.trusts("172.31.255.255")).isTrue();
    assertThat(proxies.trusts("172.32.0.0")).isFalse();
    assertThat(proxies.trusts("192.0.2.10")).isTrue();
    assertThat(proxies.trusts("192.0.2.11")).isFalse();
    assertThat(proxies.trusts("fdab::1")).isTrue();
    assertThat(proxies.trusts("fe80::1")).isFalse();
    assertThat(proxies.trusts("0:0:0:0:0:0:0:1")).isTrue();
    assertThat(proxies.trusts("::ffff:10.1.2.3")).isTrue();
    assertThat(proxies.trusts("localhost")).isFalse();
    assertThat(TrustedProxies.parse("").trusts("10.0.0.1")).isFalse();
    assertThat(TrustedProxies.parse("0.0.0.0/0").trusts("203.0.113.4")).isTrue();
  }

  @Test
  void aBadEntryIsNamed() {
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/8, proxy.internal")).hasMessageContaining("TRUSTED_PROXIES")
        .hasMessageContaining("'proxy.internal'");
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33")).hasMessageContaining("'10.0.0.0/33'").hasMessageContaining("0 to 32");
    assertThatThrownBy(() -> TrustedProxies.parse("fd00::/129")).hasMessageContaining("0 to 128");
    assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/x")).hasMessageContaining("'10.0.0.0/x'");
  }
}
