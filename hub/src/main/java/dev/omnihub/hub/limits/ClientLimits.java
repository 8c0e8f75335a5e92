package dev.omnihub.hub.limits;

/**
 * The per-client limits a busy site may need to raise, each a setting ({@code ConfigLoader} names
 * them). Addresses are clients' addresses: behind a trusted proxy, the address it forwarded.
 *
 * @param widgetSessionsPerMinute        chat sessions one address may start a minute
 * @param widgetVisitorMessagesPerMinute messages one chat visitor may send a minute
 * @param widgetAddressMessagesPerMinute chat messages one address may send a minute (the visitors
 *                                       behind one office or mobile carrier's address together)
 * @param widgetSearchesPerMinute        help-center searches and article reads one address may make a minute
 * @param loginFreePerEmailAndAddress    login attempts for one email from one address before each
 *                                       further one waits (1 s, doubling)
 * @param loginFreePerEmail              login attempts for one email from any address before each
 *                                       further one waits (guessing spread over many addresses)
 * @param loginFreePerAddress            login attempts from one address, for any email, before each
 *                                       further one waits (an office of agents shares one address)
 */
public record ClientLimits(int widgetSessionsPerMinute, int widgetVisitorMessagesPerMinute, int widgetAddressMessagesPerMinute,
    int widgetSearchesPerMinute, int loginFreePerEmailAndAddress, int loginFreePerEmail, int loginFreePerAddress) {

  /** The defaults: enough for people, not for a script. */
  public static final ClientLimits DEFAULTS = new ClientLimits(60, 30, 600, 60, 5, 50, 300);

  public ClientLimits {
    positive(widgetSessionsPerMinute, "widgetSessionsPerMinute");
    positive(widgetVisitorMessagesPerMinute, "widgetVisitorMessagesPerMinute");
    positive(widgetAddressMessagesPerMinute, "widgetAddressMessagesPerMinute");
    positive(widgetSearchesPerMinute, "widgetSearchesPerMinute");
    positive(loginFreePerEmailAndAddress, "loginFreePerEmailAndAddress");
    positive(loginFreePerEmail, "loginFreePerEmail");
    positive(loginFreePerAddress, "loginFreePerAddress");
  }

  /**
   * A per-minute limit by its setting's name, as adapters ask for it ({@code WIDGET_SESSIONS_PER_MINUTE}).
   *
   * @throws IllegalArgumentException for a name that is not a per-minute limit
   */
  public int perMinute(String setting) {
    return switch (setting) {
      case "WIDGET_SESSIONS_PER_MINUTE" -> widgetSessionsPerMinute;
      case "WIDGET_VISITOR_MESSAGES_PER_MINUTE" -> widgetVisitorMessagesPerMinute;
      case "WIDGET_ADDRESS_MESSAGES_PER_MINUTE" -> widgetAddressMessagesPerMinute;
      case "WIDGET_SEARCHES_PER_MINUTE" -> widgetSearchesPerMinute;
      default -> throw new IllegalArgumentException("no per-minute limit is configured by the setting " + setting);
    };
  }

  private static void positive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, not " + value);
    }
  }
}
