package dev.proctor.access;

import static java.util.Objects.requireNonNull;

/** A transition of an access request that is not allowed, with a sentence that says why. */
public final class AccessException extends Exception {
  /** What kind of refusal: it decides the HTTP status the admin API answers with. */
  public enum Kind {
    /** The actor may not do this (403). */
    FORBIDDEN,
    /** The request is not in a state that allows it (409). */
    CONFLICT,
    /** The arguments are wrong (400). */
    INVALID,
    /** No such request (404). */
    NOT_FOUND
  }

  private final Kind kind;

  public AccessException(Kind kind, String message) {
    super(message);
    this.kind = requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }

  public int httpStatus() {
    return switch (kind) {
      case FORBIDDEN -> 403;
      case CONFLICT -> 409;
      case INVALID -> 400;
      case NOT_FOUND -> 404;
    };
  }
}
