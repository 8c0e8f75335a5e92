package dev.omnihub.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** The .eml corpus under src/test/resources/email, each file with what the hub must read from it. */
class MailParserTest {

  private final MailParser parser = new MailParser();

  private ParsedMail parse(String file) {
    try (InputStream in = getClass().getResourceAsStream("/email/" + file)) {
      return parser.parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aPlainMailGivesItsSenderIdsAndDecodedText() {
    ParsedMail mail = parse("plain-utf8.eml");

    assertThat(mail.from()).isEqualTo("ana@example.com");
    assertThat(mail.fromName()).isEqualTo("Ana Lima");
    assertThat(mail.to()).containsExactly("support@shop.example");
    assertThat(mail.messageId()).isEqualTo("m1@example.com");
    assertThat(mail.subject()).isEqualTo("Where is my order?");
    assertThat(mail.text()).contains("order 1234 has not arrived. Thanks — Ana");
    assertThat(mail.automatic()).isFalse();
    assertThat(mail.problem()).isNull();
  }

  @Test
  void alternativePartsPreferTextAndKeepTheHtmlSanitized() {
    ParsedMail mail = parse("alternative-html-script.eml");

    assertThat(mail.subject()).isEqualTo("Re: Réclamation");
    assertThat(mail.text().strip()).isEqualTo("Plain version");
    assertThat(mail.html()).contains("<b>version</b>").doesNotContain("script").doesNotContain("onclick");
    assertThat(mail.inReplyTo()).isEqualTo("out-1@shop.example");
    assertThat(mail.references()).containsExactly("out-0@shop.example", "out-1@shop.example");
  }

  @Test
  void chineseAndJapaneseCharsetsAreDecoded() {
    ParsedMail chinese = parse("gbk-chinese.eml");
    assertThat(chinese.subject()).isEqualTo("订单问题");
    assertThat(chinese.fromName()).isEqualTo("李雷");
    assertThat(chinese.text()).contains("您好，我的订单还没到。");

    ParsedMail japanese = parse("iso-2022-jp.eml");
    assertThat(japanese.subject()).isEqualTo("注文について");
    assertThat(japanese.text()).contains("お世話になっております。");
  }

  @Test
  void attachmentsKeepTheirRfc2231FileNameAndBytes() {
    ParsedMail mail = parse("attachment-rfc2231.eml");

    assertThat(mail.text().strip()).isEqualTo("See attached.");
    assertThat(mail.attachments()).singleElement().satisfies(attachment -> {
      assertThat(attachment.fileName()).isEqualTo("Rechnung März.pdf");
      assertThat(attachment.contentType()).isEqualTo("application/pdf");
      assertThat(new String(attachment.content())).isEqualTo("%PDF-1.4 fake");
      assertThat(attachment.inline()).isFalse();
    });
  }

  @Test
  void autoRepliesAndBouncesAreAutomatic() {
    assertThat(parse("out-of-office.eml").automatic()).isTrue();
    ParsedMail bounce = parse("dsn-bounce.eml");
    assertThat(bounce.automatic()).isTrue();
    assertThat(bounce.text()).contains("your message could not");
    assertThat(parse("out-of-office.eml").bounce()).isNull();
  }

  @Test
  void aDeliveryReportNamesTheMailItReturnsAndWhy() {
    MailBounce bounce = parse("dsn-bounce.eml").bounce();

    assertThat(bounce.originalMessageId()).isEqualTo("omnihub.6761f0c2a1b2c3d4e5f60718@shop.example");
    assertThat(bounce.recipient()).isEqualTo("gone@example.org");
    assertThat(bounce.permanent()).isTrue();
    assertThat(bounce.reason()).isEqualTo("bounced for gone@example.org (5.1.1): smtp; 550 5.1.1 <gone@example.org>: Recipient address "
        + "rejected: User unknown in local recipient table");
  }

  @Test
  void aByteOrderMarkIsNotPartOfTheText() {
    assertThat(parse("utf8-bom.eml").text()).startsWith("Hello with a BOM");
  }

  @Test
  void aMalformedMailIsReadAsFarAsPossibleWithoutThrowing() {
    ParsedMail mail = parse("malformed.eml");

    assertThat(mail.text()).isNotNull();
    assertThat(mail.from()).isNull();
  }

  @Test
  void big5ShiftJisAndWindows1252AreDecoded() {
    ParsedMail big5 = parse("big5.eml");
    assertThat(big5.subject()).isEqualTo("訂單查詢");
    assertThat(big5.text()).contains("請問我的包裹何時送達？");

    ParsedMail sjis = parse("shift-jis.eml");
    assertThat(sjis.subject()).isEqualTo("返品の依頼");
    assertThat(sjis.text()).contains("商品が壊れていました。");

    ParsedMail latin = parse("windows-1252.eml");
    assertThat(latin.fromName()).isEqualTo("Jürgen Müller");
    assertThat(latin.subject()).isEqualTo("Beschädigtes Paket");
    assertThat(latin.text()).contains("Grüße aus Köln – Ihr Paket ist beschädigt.");
  }

  @Test
  void anInlineImageIsKeptWithItsContentIdAndTheHtmlStillPointsAtIt() {
    ParsedMail mail = parse("inline-image.eml");

    assertThat(mail.text()).isEqualTo("See the error:");
    assertThat(mail.html()).contains("cid:shot1@example.com");
    assertThat(mail.attachments()).singleElement().satisfies(image -> {
      assertThat(image.inline()).isTrue();
      assertThat(image.contentId()).isEqualTo("shot1@example.com");
      assertThat(image.fileName()).isEqualTo("shot.png");
    });
  }

  @Test
  void aMailThatIsOnlyAForwardedMessageReadsTheForwardedBody() {
    ParsedMail mail = parse("forward-as-attachment.eml");

    assertThat(mail.from()).isEqualTo("boss@example.com");
    assertThat(mail.text()).contains("The product broke after a day.");
  }

  @Test
  void anOutlookHtmlReplyKeepsItsLinesSoTheQuotedHeaderBlockIsCut() {
    ParsedMail mail = parse("outlook-html-reply.eml");

    assertThat(mail.references()).containsExactly("out-7@shop.example");
    assertThat(mail.inReplyTo()).isNull();
    assertThat(ReplyText.newText(mail.text())).isEqualTo("It still has not arrived.");
  }

  @Test
  void aTenMegabyteAttachmentIsReadWhole() {
    byte[] payload = new byte[10 * 1024 * 1024];
    new java.util.Random(7).nextBytes(payload);
    String raw = "From: a@example.com\r\nTo: support@shop.example\r\nSubject: big\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\nContent-Type: text/plain\r\n\r\nbig file\r\n--m\r\n"
        + "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"big.bin\"\r\n"
        + "Content-Transfer-Encoding: base64\r\n\r\n" + java.util.Base64.getMimeEncoder().encodeToString(payload) + "\r\n--m--\r\n";

    ParsedMail mail = parser.parse(raw.getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    assertThat(mail.attachments()).singleElement().satisfies(file -> assertThat(file.content()).isEqualTo(payload));
  }
}
