package dev.omnihub.adapters.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class TwiMlTest {

  private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

  /** The text of the one Message element, as an XML parser reads the answer back. */
  private static String parsedMessage(String twiml) throws Exception {
    Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(twiml.getBytes(StandardCharsets.UTF_8)));
    assertThat(document.getDocumentElement().getTagName()).isEqualTo("Response");
    return document.getElementsByTagName("Message").item(0).getTextContent();
  }

  @Test
  void emptyResponse() {
    assertThat(TwiMl.emptyResponse()).isEqualTo(DECLARATION + "<Response/>");
  }

  @Test
  void plainMessage() {
    assertThat(TwiMl.message("Thanks, we got it."))
        .isEqualTo(DECLARATION + "<Response><Message>Thanks, we got it.</Message></Response>");
  }

  @Test
  void escapesTheFiveSpecialCharacters() {
    assertThat(TwiMl.message("a & b < c > d \"e\" 'f'"))
        .isEqualTo(DECLARATION + "<Response><Message>a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;</Message></Response>");
  }

  @Test
  void markupInTheTextStaysText() throws Exception {
    String text = "</Message><Redirect>https://evil.example</Redirect><Message>";

    assertThat(parsedMessage(TwiMl.message(text))).isEqualTo(text);
  }

  @Test
  void dropsCharactersXmlCannotCarry() throws Exception {
    String text = "a\u0000b\u0007c\u001bd\ud800e\uffffg\ufffeh";

    assertThat(TwiMl.message(text)).isEqualTo(DECLARATION + "<Response><Message>abcdegh</Message></Response>");
    assertThat(parsedMessage(TwiMl.message(text))).isEqualTo("abcdegh");
  }

  @Test
  void keepsWhitespaceAndCharactersOutsideTheBmp() throws Exception {
    String text = "line 1\nline 2\r\n\ttab 😀 中文 €";

    assertThat(TwiMl.message(text)).contains(text);
    assertThat(parsedMessage(TwiMl.message(text))).isEqualTo(text.replace("\r\n", "\n"));
  }
}
