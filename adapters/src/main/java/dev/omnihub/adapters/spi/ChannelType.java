package dev.omnihub.adapters.spi;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A kind of channel, named by the adapter that serves it ({@link #wireName()} is the name in the API
 * and in storage). Open: a new channel's adapter declares its own type ({@link #declare}), and the
 * hub lists the types its registered adapters declare; the built-in channels' types are constants.
 */
public final class ChannelType {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{1,31}");
  private static final Map<String, ChannelType> DECLARED = new ConcurrentHashMap<>();

  public static final ChannelType API = declare("api");
  public static final ChannelType CHAT = declare("chat");
  public static final ChannelType EMAIL = declare("email");
  public static final ChannelType SMS = declare("sms");
  public static final ChannelType VOICE = declare("voice");

  private final String wireName;

  private ChannelType(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The type of this name, declared once (an adapter declares its own in a constant); the same name
   * again gives the same instance.
   *
   * @throws IllegalArgumentException when the name is not lower-case letters, digits, {@code -} or {@code _}
   */
  public static ChannelType declare(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a channel type is 2 to 32 lower-case letters, digits, '-' or '_', starting with a letter: '"
          + name + "'");
    }
    return DECLARED.computeIfAbsent(name, ChannelType::new);
  }

  public String wireName() {
    return wireName;
  }

  /**
   * Parses a wire name: one of the types declared so far.
   *
   * @throws IllegalArgumentException naming the value and the accepted names when it is unknown
   */
  public static ChannelType fromWireName(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    ChannelType type = DECLARED.get(wanted);
    if (type == null) {
      throw new IllegalArgumentException("unknown channel type '" + name + "'; expected one of "
          + declared().stream().map(ChannelType::wireName).toList());
    }
    return type;
  }

  /** Every type declared so far, by name. */
  public static List<ChannelType> declared() {
    return DECLARED.values().stream().sorted(Comparator.comparing(ChannelType::wireName)).toList();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChannelType type && type.wireName.equals(wireName);
  }

  @Override
  public int hashCode() {
    return wireName.hashCode();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
