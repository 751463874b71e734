package dev.proctor.gateway.upstream;

import static java.util.Objects.requireNonNull;

/**
 * One header line as sent or received: a name as spelled on the wire, and its value. A name must be
 * an RFC 9110 token and a value must not hold a line break or NUL, so that no field can smuggle a
 * second header or request onto the connection.
 */
public record HeaderField(String name, String value) {
  public HeaderField {
    requireNonNull(name, "name");
    requireNonNull(value, "value");
    if (name.isEmpty() || !name.chars().allMatch(HeaderField::tokenChar)) {
      throw new IllegalArgumentException("not a valid header name: '" + name + "'");
    }
    if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
      throw new IllegalArgumentException("the value of header " + name + " holds a line break");
    }
  }

  private static boolean tokenChar(int c) {
    return c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
  }

  /** Whether this field is named {@code other}, ignoring case. */
  public boolean is(String other) {
    return name.equalsIgnoreCase(other);
  }
}
