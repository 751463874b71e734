package dev.proctor.format;

/** Thrown when bytes do not follow recording format v1; the message names what was found. */
public final class FormatException extends RuntimeException {
  public FormatException(String message) {
    super(message);
  }

  public FormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
