package dev.omnihub.hub.customer;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.omnihub.adapters.spi.ContactIdentity;
import dev.omnihub.adapters.spi.IdentityKind;
import dev.omnihub.adapters.spi.InputRejectedException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns identities as channels give them into {@link IdentityKey}s, so that the same person is
 * recognized whatever the channel: emails trimmed and lower-cased, phone numbers in E.164 (Google's
 * libphonenumber, with a default region for numbers written without a country code), visitor and
 * external ids trimmed.
 */
public final class IdentityNormalizer {

  private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>()\\[\\],;:\"]+@[^@\\s<>()\\[\\],;:\"]+\\.[^@\\s<>()\\[\\],;:\"]+$");
  private static final Pattern VISITOR = Pattern.compile("^[A-Za-z0-9_-]{1,128}$");
  private static final int MAX_EMAIL = 254;
  private static final int MAX_EXTERNAL = 256;

  private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
  private final String defaultRegion;

  /** @param defaultRegion ISO 3166 region assumed for phone numbers without a country code */
  public IdentityNormalizer(String defaultRegion) {
    this.defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
  }

  /** @throws InputRejectedException naming the identity kind when the value is not one */
  public IdentityKey normalize(ContactIdentity identity) {
    return normalize(identity.kind(), identity.value());
  }

  public IdentityKey normalize(IdentityKind kind, String raw) {
    String value = raw == null ? "" : raw.strip();
    return switch (kind) {
      case EMAIL -> new IdentityKey(kind, email(value));
      case PHONE -> new IdentityKey(kind, phone(value));
      case VISITOR -> {
        if (!VISITOR.matcher(value).matches()) {
          throw InputRejectedException.invalid("visitor", "visitor id must be 1 to 128 letters, digits, '-' or '_'");
        }
        yield new IdentityKey(kind, value);
      }
      case EXTERNAL -> {
        if (value.isEmpty() || value.length() > MAX_EXTERNAL) {
          throw InputRejectedException.invalid("externalUserId", "external user id must be 1 to " + MAX_EXTERNAL + " characters");
        }
        yield new IdentityKey(kind, value);
      }
    };
  }

  /** Normalizes a user-given {@code kind:value} key (as in {@code ?identity=}). */
  public IdentityKey parseKey(String key, String field) {
    IdentityKey split = IdentityKey.split(key, field);
    try {
      return normalize(split.kind(), split.value());
    } catch (InputRejectedException e) {
      throw InputRejectedException.invalid(field, e.getMessage());
    }
  }

  /** Normalizes all of a sender's identities, dropping repeats, keeping the channel's order. */
  public List<IdentityKey> normalizeAll(List<ContactIdentity> identities) {
    Set<IdentityKey> keys = new LinkedHashSet<>();
    for (ContactIdentity identity : identities) {
      keys.add(normalize(identity));
    }
    return new ArrayList<>(keys);
  }

  private static String email(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.length() > MAX_EMAIL || !EMAIL.matcher(lower).matches()) {
      throw InputRejectedException.invalid("email", "'" + abbreviate(value) + "' is not an email address");
    }
    return lower;
  }

  private String phone(String value) {
    try {
      PhoneNumber number = phones.parse(value, defaultRegion);
      if (!phones.isPossibleNumber(number)) {
        throw InputRejectedException.invalid("phone", "'" + abbreviate(value) + "' is not a possible phone number");
      }
      return phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
    } catch (NumberParseException e) {
      throw InputRejectedException.invalid("phone", "'" + abbreviate(value) + "' is not a phone number: " + e.getMessage());
    }
  }

  private static String abbreviate(String value) {
    return value.length() <= 64 ? value : value.substring(0, 61) + "...";
  }

}
