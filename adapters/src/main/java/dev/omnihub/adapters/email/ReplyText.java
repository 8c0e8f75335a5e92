package dev.omnihub.adapters.email;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The new text of a reply, without the quoted history and the signature below it, so that agents and
 * knowledge-base suggestions see what the customer wrote now. Recognises the attribution lines and
 * separators of Gmail, Outlook, Apple Mail and Thunderbird, in English and Chinese (and a few other
 * languages), trailing {@code >} quotes and the RFC 3676 signature separator. When nothing is left
 * above the history (a top-quoted forward, say), the whole text is kept.
 */
public final class ReplyText {

  /** A line where the history begins; everything from it on is cut. */
  private static final List<Pattern> HISTORY_STARTS = List.of(
      // Gmail, Apple Mail, Thunderbird: "On Tue, 1 Dec 2026 at 10:00, Ana <ana@x> wrote:" (Gmail wraps it).
      Pattern.compile("^On\\s.{1,300}\\swrote:\\s*$", Pattern.DOTALL),
      Pattern.compile("^(Le|Am|El|Il|Op)\\s.{1,300}\\s(a écrit|schrieb|escribió|ha scritto|schreef)\\s?:\\s*$", Pattern.DOTALL),
      // Chinese clients: "在 2026年12月1日 10:00，李雷 <l@x> 写道：" or "... 寫道:".
      Pattern.compile("^在.{1,300}(写道|寫道)[:：]\\s*$", Pattern.DOTALL),
      // Outlook.
      Pattern.compile("^-{2,}\\s*(Original Message|Ursprüngliche Nachricht|原始邮件|原始郵件)\\s*-{2,}\\s*$", Pattern.CASE_INSENSITIVE),
      Pattern.compile("^_{10,}\\s*$"),
      Pattern.compile("^-{2,}\\s*Forwarded message\\s*-{2,}\\s*$", Pattern.CASE_INSENSITIVE));
  /** Outlook's quoted header block starts with "From:", but so may a sentence: a header line must follow. */
  private static final Pattern OUTLOOK_FROM = Pattern.compile("^(From|发件人|寄件者|Von|De):\\s.+$");
  private static final Pattern OUTLOOK_HEADER = Pattern.compile("^(Sent|Date|To|Subject|发送时间|時間|日期|收件人|Gesendet|Envoyé|Enviado):.*");
  private static final String SIGNATURE_SEPARATOR = "-- ";

  private ReplyText() {
  }

  public static String newText(String text) {
    String[] lines = text.replace("\r\n", "\n").split("\n", -1);
    int end = lines.length;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].equals(SIGNATURE_SEPARATOR) || startsHistory(lines, i)) {
        end = i;
        break;
      }
    }
    // Trailing quoted lines ("> ...") and blank lines after the new text.
    while (end > 0 && (lines[end - 1].isBlank() || lines[end - 1].startsWith(">"))) {
      end--;
    }
    if (end == 0) {
      return text.strip();
    }
    return String.join("\n", Arrays.copyOf(lines, end)).strip();
  }

  /** Whether the line at {@code i}, alone or joined with the next (mail clients wrap long attributions), starts the history. */
  private static boolean startsHistory(String[] lines, int i) {
    String line = lines[i].strip();
    if (line.isEmpty()) {
      return false;
    }
    String joined = i + 1 < lines.length ? line + " " + lines[i + 1].strip() : line;
    for (Pattern pattern : HISTORY_STARTS) {
      if (pattern.matcher(line).matches() || pattern.matcher(joined).matches()) {
        return true;
      }
    }
    return OUTLOOK_FROM.matcher(line).matches() && headerLineFollows(lines, i);
  }

  private static boolean headerLineFollows(String[] lines, int i) {
    for (int j = i + 1; j < Math.min(lines.length, i + 4); j++) {
      if (OUTLOOK_HEADER.matcher(lines[j].strip()).matches()) {
        return true;
      }
    }
    return false;
  }
}
