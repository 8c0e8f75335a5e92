package dev.omnihub.adapters.spi;

/** The named thing does not exist (or the caller may not know it does). Maps to 404. */
public final class NotFoundException extends RuntimeException {

  private final String code;

  public NotFoundException(String what, String id) {
    super(what + " '" + id + "' does not exist", null, false, false);
    this.code = what.replace(' ', '_') + "_not_found";
  }

  public String code() {
    return code;
  }
}
