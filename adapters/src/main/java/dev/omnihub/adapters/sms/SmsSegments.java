package dev.omnihub.adapters.sms;

import java.util.Objects;

/**
 * How many SMS segments a text takes, and in which encoding, the way Twilio counts them.
 *
 * <p>A text is GSM-7 when every character is in the GSM 03.38 default alphabet (one septet) or its
 * extension table ({@code ^ { } \ [ ~ ] | €} and form feed, two septets: an escape and the character);
 * otherwise the whole text goes as UCS-2, where each UTF-16 code unit takes two octets, so a character
 * outside the BMP (an emoji) takes two. One segment holds 160 septets or 70 code units; once a text
 * needs more, each segment loses 6 octets to the concatenation header and holds 153 septets or 67 code
 * units. A character is never split across segments: an escaped extension character or a surrogate
 * pair that does not fit moves whole to the next segment, leaving the room it did not use empty.
 *
 * <p>Code 0x09 is the capital Ç, as 3GPP TS 23.038 draws it and as Twilio's segment calculator maps
 * it; the small ç is not in the alphabet and makes a text UCS-2 (Unicode's GSM0338.TXT maps 0x09 to ç
 * instead; Twilio does not follow it). Emoji sequences joined by ZWJ are counted per code point, not
 * per grapheme, so such a sequence can still be split between two of its code points.
 */
public final class SmsSegments {

  public static final String GSM_7 = "GSM-7";
  public static final String UCS_2 = "UCS-2";

  /** The GSM 03.38 default alphabet, codes 0x00 to 0x7F in order, without 0x1B (the escape). */
  static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅå"
      + "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
      + " !\"#¤%&'()*+,-./"
      + "0123456789:;<=>?"
      + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
      + "¿abcdefghijklmnopqrstuvwxyzäöñüà";

  /** The extension table's characters, each sent as escape plus code. */
  static final String GSM_EXTENSION = "^{}\\[~]|€\f";

  private static final int GSM_SINGLE = 160;
  private static final int GSM_MULTI = 153;
  private static final int UCS_SINGLE = 70;
  private static final int UCS_MULTI = 67;

  /**
   * @param encoding {@value #GSM_7} or {@value #UCS_2}
   * @param segments how many segments the text is sent as; 1 for the empty text
   * @param units    the text's length in that encoding: septets for GSM-7, UTF-16 code units for UCS-2
   */
  public record Count(String encoding, int segments, int units) {
  }

  private SmsSegments() {
  }

  /**
   * Counts {@code text}'s segments. The empty text is one segment, as Twilio's segment calculator
   * reports it: a message always goes out as at least one (here empty) SMS.
   */
  public static Count count(String text) {
    Objects.requireNonNull(text, "text");
    boolean gsm = isGsm7(text);
    int single = gsm ? GSM_SINGLE : UCS_SINGLE;
    int multi = gsm ? GSM_MULTI : UCS_MULTI;
    int units = 0;
    int segments = 1;
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      int size = gsm ? septets(codePoint) : Character.charCount(codePoint);
      units += size;
      if (used + size > multi) {
        segments++;
        used = 0;
      }
      used += size;
      i += Character.charCount(codePoint);
    }
    // Filling 153/67 segments is only right once the text is too long for one segment.
    return new Count(gsm ? GSM_7 : UCS_2, units <= single ? 1 : segments, units);
  }

  /** Whether every character of {@code text} is in the GSM 03.38 default alphabet or its extension table. */
  public static boolean isGsm7(String text) {
    return text.chars().allMatch(c -> GSM_BASIC.indexOf(c) >= 0 || GSM_EXTENSION.indexOf(c) >= 0);
  }

  private static int septets(int codePoint) {
    return GSM_EXTENSION.indexOf(codePoint) >= 0 ? 2 : 1;
  }
}
