package dev.omnihub.adapters.email;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Message-ID lists as threading headers write them. */
final class MimeMessageHeaders {

  private MimeMessageHeaders() {
  }

  /** {@code "a@x b@y"} → {@code "<a@x> <b@y>"}; ids already in brackets stay as they are. */
  static String idList(String ids) {
    return Arrays.stream(ids.strip().split("\\s+")).filter(id -> !id.isEmpty())
        .map(id -> id.startsWith("<") ? id : "<" + id + ">").collect(Collectors.joining(" "));
  }
}
