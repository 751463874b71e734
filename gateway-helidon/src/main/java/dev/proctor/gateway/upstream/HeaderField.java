package dev.proctor.gateway.upstream;

import static java.util.Objects.requireNonNull;

/** One header line as sent or received: a name as spelled on the wire, and its value. */
public record HeaderField(String name, String value) {
  public HeaderField {
    requireNonNull(name, "name");
    requireNonNull(value, "value");
  }

  /** Whether this field is named {@code other}, ignoring case. */
  public boolean is(String other) {
    return name.equalsIgnoreCase(other);
  }
}
