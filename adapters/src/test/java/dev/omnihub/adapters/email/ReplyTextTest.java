package dev.omnihub.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplyTextTest {

  @Test
  void gmailAttributionWrappedOverTwoLines() {
    String text = """
        Thanks, that fixed it.

        On Tue, 1 Dec 2026 at 10:00, Shop Support <support@shop.example>
        wrote:
        > Please restart the router.
        """;
    assertThat(ReplyText.newText(text)).isEqualTo("Thanks, that fixed it.");
  }

  @Test
  void thunderbirdAndAppleMailAttributions() {
    assertThat(ReplyText.newText("Yes please.\n\nOn 12/1/26 10:00, Support wrote:\n> Shall we refund?\n")).isEqualTo("Yes please.");
    assertThat(ReplyText.newText("Got it\n\nOn Dec 1, 2026, at 10:00, Support <s@shop.example> wrote:\n\n> Hello\n"))
        .isEqualTo("Got it");
  }

  @Test
  void outlookHeaderBlockAndOriginalMessageSeparator() {
    String outlook = """
        The parcel arrived damaged.

        ________________________________
        From: Shop Support <support@shop.example>
        Sent: Tuesday, December 1, 2026 10:00 AM
        To: Ana <ana@example.com>
        Subject: Your order
        """;
    assertThat(ReplyText.newText(outlook)).isEqualTo("The parcel arrived damaged.");
    assertThat(ReplyText.newText("OK\n-----Original Message-----\nFrom: x\n")).isEqualTo("OK");
    String headerOnly = "Still waiting.\n\nFrom: Shop Support <support@shop.example>\nSent: Tuesday\nTo: Ana\n\nOld text\n";
    assertThat(ReplyText.newText(headerOnly)).isEqualTo("Still waiting.");
  }

  @Test
  void chineseAttributions() {
    assertThat(ReplyText.newText("好的，谢谢！\n\n在 2026年12月1日 10:00，客服 <support@shop.example> 写道：\n> 请重启路由器。\n"))
        .isEqualTo("好的，谢谢！");
    assertThat(ReplyText.newText("收到\n\n在 2026/12/1 上午10:00，客服 寫道:\n> 舊訊息\n")).isEqualTo("收到");
  }

  @Test
  void signatureAndTrailingQuotesAreCutButAFromLineInTheTextIsKept() {
    assertThat(ReplyText.newText("See you.\n-- \nAna Lima\nCEO\n")).isEqualTo("See you.");
    assertThat(ReplyText.newText("Answer\n> quoted\n> more\n")).isEqualTo("Answer");
    assertThat(ReplyText.newText("From: my phone, sorry for typos.\nThe box is empty.")).isEqualTo("From: my phone, sorry for typos.\nThe box is empty.");
  }

  @Test
  void aReplyThatIsAllHistoryKeepsItsText() {
    String forward = "---------- Forwarded message ---------\nFrom: Bob <bob@example.com>\nDate: today\n\nPlease help Bob.\n";
    assertThat(ReplyText.newText(forward)).isEqualTo(forward.strip());
  }
}
