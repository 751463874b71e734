package dev.proctor.review.replay;

/** How fast playback runs: a multiple of the recorded pace, or everything at once. */
public enum Speed {
  X1(1, "1×"),
  X2(2, "2×"),
  X5(5, "5×"),
  X20(20, "20×"),
  INSTANT(0, "instant");

  private final double factor;
  private final String label;

  Speed(double factor, String label) {
    this.factor = factor;
    this.label = label;
  }

  /** Recorded milliseconds per real millisecond; 0 for {@link #INSTANT}. */
  public double factor() {
    return factor;
  }

  @Override
  public String toString() {
    return label;
  }
}
