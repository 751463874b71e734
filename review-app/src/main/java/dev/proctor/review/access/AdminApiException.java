package dev.proctor.review.access;

import java.io.IOException;

/** The admin API refused a call: its HTTP status and its {@code {"error": {type, message}}}. */
public final class AdminApiException extends IOException {
  private final int status;
  private final String type;

  public AdminApiException(int status, String type, String message) {
    super(message);
    this.status = status;
    this.type = type;
  }

  public int status() {
    return status;
  }

  /** {@code forbidden}, {@code conflict}, {@code unauthenticated}, … */
  public String type() {
    return type;
  }
}
