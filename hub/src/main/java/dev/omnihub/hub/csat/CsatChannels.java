package dev.omnihub.hub.csat;

/**
 * How a survey is put to a customer on a channel type: by SMS, a digit in reply; in the chat widget,
 * its own frame; elsewhere (email, integrations), a link to its page.
 */
final class CsatChannels {

  private CsatChannels() {
  }

  static boolean asksByDigit(String channelType) {
    return "sms".equals(channelType);
  }

  static boolean asksInWidget(String channelType) {
    return "chat".equals(channelType);
  }
}
