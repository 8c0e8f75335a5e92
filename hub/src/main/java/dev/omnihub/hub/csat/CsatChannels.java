package dev.omnihub.hub.csat;

/** How a survey is put to a customer on a channel type: by SMS, a digit in reply; elsewhere, a link to its page. */
final class CsatChannels {

  private CsatChannels() {
  }

  static boolean asksByDigit(String channelType) {
    return "sms".equals(channelType);
  }
}
