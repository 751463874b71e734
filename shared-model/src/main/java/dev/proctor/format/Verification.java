package dev.proctor.format;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The integrity of one session: {@code verified}, {@code open} (no manifest yet, chain intact so
 * far) or {@code broken} with the reason.
 */
public record Verification(Status status, Optional<String> reason) {

  public Verification {
    requireNonNull(status, "status");
    requireNonNull(reason, "reason");
    if ((status == Status.BROKEN) != reason.isPresent()) {
      throw new IllegalArgumentException("reason: expected exactly when status is broken");
    }
  }

  public static Verification verified() {
    return new Verification(Status.VERIFIED, Optional.empty());
  }

  public static Verification open() {
    return new Verification(Status.OPEN, Optional.empty());
  }

  public static Verification broken(String reason) {
    return new Verification(Status.BROKEN, Optional.of(reason));
  }

  /** Parses the form {@link #toString()} writes. */
  public static Verification parse(String text) {
    return switch (text) {
      case "verified" -> verified();
      case "open" -> open();
      default -> {
        if (!text.startsWith("broken: ")) {
          throw new FormatException(
              "verification: " + text + " (expected: verified, open or broken: <reason>)");
        }
        yield broken(text.substring("broken: ".length()));
      }
    };
  }

  /** {@code verified}, {@code open} or {@code broken: <reason>}. */
  @Override
  public String toString() {
    return reason.map(r -> "broken: " + r).orElse(status.label());
  }

  /** The three states. */
  public enum Status {
    VERIFIED("verified"),
    OPEN("open"),
    BROKEN("broken");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
