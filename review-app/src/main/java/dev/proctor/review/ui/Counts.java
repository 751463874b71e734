package dev.proctor.review.ui;

/** A number with its noun, as the status lines show it: "1 session", "2,400 messages". */
public final class Counts {
  private Counts() {}

  /** {@code n} and {@code noun}, with an "s" unless {@code n} is one. */
  public static String of(long n, String noun) {
    return String.format("%,d %s%s", n, noun, n == 1 ? "" : "s");
  }
}
