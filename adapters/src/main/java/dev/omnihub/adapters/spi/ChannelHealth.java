package dev.omnihub.adapters.spi;

/**
 * How a channel's listeners and pollers are doing, shown on {@code GET /api/v1/channels/{id}} as
 * {@code status}. Reports are cheap to repeat: the hub writes only changes.
 */
public interface ChannelHealth {

  /** The component ({@code imap}, {@code smtp}) works. */
  void healthy(String channelId, String component);

  /** The component fails; {@code error} is shown to admins as is, so never put a credential in it. */
  void failing(String channelId, String component, String error);
}
