package dev.proctor.format;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How an exchange ended. */
public enum Outcome implements WireEnum.Named {
  COMPLETED("completed"),
  CLIENT_CANCELLED("client_cancelled"),
  UPSTREAM_ERROR("upstream_error"),
  DENIED("denied"),
  APPROVAL_PENDING("approval_pending"),
  TIMEOUT("timeout"),
  /** The gateway stopped (crash or kill) before the exchange ended; set by spool recovery. */
  INTERRUPTED("interrupted");

  private final String wireName;

  Outcome(String wireName) {
    this.wireName = wireName;
  }

  @Override
  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static Outcome of(String wireName) {
    return WireEnum.parse(Outcome.class, wireName);
  }
}
