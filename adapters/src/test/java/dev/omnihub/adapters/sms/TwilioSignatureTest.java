package dev.omnihub.adapters.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Held to signatures Twilio published, never to values this class computed: the expected strings are
 * copied from Twilio's documentation and Twilio's own helper library tests.
 */
class TwilioSignatureTest {

  private static final String TOKEN = "12345";
  private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

  /**
   * The worked example of Twilio's "Webhooks security" page
   * (https://www.twilio.com/docs/usage/security#validating-requests), as independent implementations
   * that cite the page quote it.
   */
  private static final String DOCS_SIGNATURE = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

  /**
   * The same example with the caller +14158675309, as in the twilio-php validation guide and in
   * twilio-java's RequestValidatorTest, with that test's variants of the URL.
   */
  private static final String SDK_SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
  private static final String SDK_SIGNATURE_HTTPS_443 = "kvajT1Ptam85bY51eRf/AJRuM3w=";
  private static final String SDK_SIGNATURE_HTTP_80 = "0ZXoZLH/DfblKGATFgpif+LLRf4=";
  private static final String SDK_SIGNATURE_HTTP_1234 = "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=";

  private static Map<String, List<String>> docsParams() {
    return params("+12349013030");
  }

  private static Map<String, List<String>> sdkParams() {
    return params("+14158675309");
  }

  private static Map<String, List<String>> params(String caller) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("CallSid", List.of("CA1234567890ABCDE"));
    params.put("Caller", List.of(caller));
    params.put("Digits", List.of("1234"));
    params.put("From", List.of(caller));
    params.put("To", List.of("+18005551212"));
    return params;
  }

  @Test
  void computesTwiliosPublishedExample() {
    assertThat(TwilioSignature.compute(URL, docsParams(), TOKEN)).isEqualTo(DOCS_SIGNATURE);
    assertThat(TwilioSignature.compute(URL, sdkParams(), TOKEN)).isEqualTo(SDK_SIGNATURE);
    assertThat(TwilioSignature.matches(URL, docsParams(), TOKEN, DOCS_SIGNATURE)).isTrue();
    assertThat(TwilioSignature.matches(URL, sdkParams(), TOKEN, SDK_SIGNATURE)).isTrue();
  }

  @Test
  void parameterOrderInTheMapDoesNotMatter() {
    Map<String, List<String>> reversed = new LinkedHashMap<>();
    List.of("To", "From", "Digits", "Caller", "CallSid").forEach(name -> reversed.put(name, docsParams().get(name)));

    assertThat(TwilioSignature.matches(URL, reversed, TOKEN, DOCS_SIGNATURE)).isTrue();
  }

  @Test
  void aChangedParameterFails() {
    Map<String, List<String>> tampered = docsParams();
    tampered.put("Digits", List.of("1235"));
    Map<String, List<String>> extra = docsParams();
    extra.put("Body", List.of("STOP"));
    Map<String, List<String>> missing = docsParams();
    missing.remove("To");

    assertThat(TwilioSignature.matches(URL, tampered, TOKEN, DOCS_SIGNATURE)).isFalse();
    assertThat(TwilioSignature.matches(URL, extra, TOKEN, DOCS_SIGNATURE)).isFalse();
    assertThat(TwilioSignature.matches(URL, missing, TOKEN, DOCS_SIGNATURE)).isFalse();
  }

  @Test
  void aChangedUrlFails() {
    for (String other : List.of(
        "http://mycompany.com/myapp.php?foo=1&bar=2",
        "https://mycompany.com:8443/myapp.php?foo=1&bar=2",
        "https://mycompany.com/myapp.php?bar=2&foo=1",
        "https://mycompany.com/myapp.php/?foo=1&bar=2",
        "https://mycompany.com/myapp.php",
        "https://evil.example/myapp.php?foo=1&bar=2")) {
      assertThat(TwilioSignature.matches(other, docsParams(), TOKEN, DOCS_SIGNATURE)).as(other).isFalse();
    }
  }

  @Test
  void anotherAuthTokenFails() {
    assertThat(TwilioSignature.matches(URL, docsParams(), "54321", DOCS_SIGNATURE)).isFalse();
  }

  @Test
  void theDefaultPortMayBeWrittenOrNotOnEitherSide() {
    // Twilio signed the URL with :443 (or :80), the webhook URL is configured without it, and the reverse.
    assertThat(TwilioSignature.matches(URL, sdkParams(), TOKEN, SDK_SIGNATURE_HTTPS_443)).isTrue();
    assertThat(TwilioSignature.matches("http://mycompany.com/myapp.php?foo=1&bar=2", sdkParams(), TOKEN, SDK_SIGNATURE_HTTP_80))
        .isTrue();
    assertThat(TwilioSignature.matches("https://mycompany.com:443/myapp.php?foo=1&bar=2", sdkParams(), TOKEN, SDK_SIGNATURE))
        .isTrue();
    // The default port of the other scheme is no default port.
    assertThat(TwilioSignature.matches("http://mycompany.com:443/myapp.php?foo=1&bar=2", sdkParams(), TOKEN, SDK_SIGNATURE))
        .isFalse();
  }

  @Test
  void aNonDefaultPortMustBeOnBothSides() {
    String withPort = "http://mycompany.com:1234/myapp.php?foo=1&bar=2";

    assertThat(TwilioSignature.matches(withPort, sdkParams(), TOKEN, SDK_SIGNATURE_HTTP_1234)).isTrue();
    assertThat(TwilioSignature.matches("http://mycompany.com/myapp.php?foo=1&bar=2", sdkParams(), TOKEN, SDK_SIGNATURE_HTTP_1234))
        .isFalse();
    assertThat(TwilioSignature.matches(withPort, sdkParams(), TOKEN, SDK_SIGNATURE_HTTP_80)).isFalse();
  }

  @Test
  void withoutParametersOnlyTheUrlIsSigned() {
    // twilio-java's vector for a JSON-bodied webhook, whose form parameters are none.
    String url = "https://mycompany.com/myapp.php?bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";

    assertThat(TwilioSignature.matches(url, Map.of(), TOKEN, "y77kIzt2vzLz71DgmJGsen2scGs=")).isTrue();
    assertThat(TwilioSignature.matches(url, null, TOKEN, "y77kIzt2vzLz71DgmJGsen2scGs=")).isTrue();
    assertThat(TwilioSignature.compute(url, null, TOKEN)).isEqualTo(TwilioSignature.compute(url, Map.of(), TOKEN));
  }

  @Test
  void aMissingOrBlankHeaderNeverMatches() {
    assertThat(TwilioSignature.matches(URL, docsParams(), TOKEN, null)).isFalse();
    assertThat(TwilioSignature.matches(URL, docsParams(), TOKEN, "")).isFalse();
    assertThat(TwilioSignature.matches(URL, docsParams(), TOKEN, "   ")).isFalse();
    assertThat(TwilioSignature.matches(URL, docsParams(), TOKEN, DOCS_SIGNATURE.substring(1))).isFalse();
  }

  @Test
  void aRepeatedParameterSignsEachValueInSortedOrder() {
    // The signed string is the URL then name+value per value; so moving the first value into the URL
    // must give the same signature, whatever order the values arrived in.
    String signature = TwilioSignature.compute(URL, Map.of("MediaUrl", List.of("b", "a")), TOKEN);

    assertThat(TwilioSignature.compute(URL, Map.of("MediaUrl", List.of("a", "b")), TOKEN)).isEqualTo(signature);
    assertThat(TwilioSignature.compute(URL + "MediaUrla", Map.of("MediaUrl", List.of("b")), TOKEN)).isEqualTo(signature);
    assertThat(TwilioSignature.compute(URL, Map.of("MediaUrl", List.of("a")), TOKEN)).isNotEqualTo(signature);
  }

  @Test
  void namesSortCaseSensitivelyUpperCaseFirst() {
    // Unix byte order puts "Zeta" before "alpha"; signing "alpha" first would give another string.
    String signature = TwilioSignature.compute(URL, Map.of("alpha", List.of("1"), "Zeta", List.of("2")), TOKEN);

    assertThat(TwilioSignature.compute(URL + "Zeta2", Map.of("alpha", List.of("1")), TOKEN)).isEqualTo(signature);
  }
}
