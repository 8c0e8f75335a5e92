package dev.omnihub.adapters.spi;

import java.util.Arrays;
import java.util.Locale;

/** The kinds of channel the hub speaks; {@link #wireName()} is the name used in the API and in storage. */
public enum ChannelType {
  API("api"),
  CHAT("chat"),
  EMAIL("email"),
  SMS("sms"),
  VOICE("voice");

  private final String wireName;

  ChannelType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /**
   * Parses a wire name.
   *
   * @throws IllegalArgumentException naming the value and the accepted names when it is unknown
   */
  public static ChannelType fromWireName(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (ChannelType type : values()) {
      if (type.wireName.equals(wanted)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown channel type '" + name + "'; expected one of "
        + Arrays.stream(values()).map(ChannelType::wireName).toList());
  }

  @Override
  public String toString() {
    return wireName;
  }
}
