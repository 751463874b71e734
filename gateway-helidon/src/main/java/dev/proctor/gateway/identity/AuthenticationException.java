package dev.proctor.gateway.identity;

/** A token was missing or not acceptable; the message is a sentence for the developer. */
public final class AuthenticationException extends Exception {
  public AuthenticationException(String message) {
    super(message);
  }

  public AuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
