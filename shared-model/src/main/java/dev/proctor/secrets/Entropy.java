package dev.proctor.secrets;

/** Shannon entropy in bits per character, the usual filter for generic secrets. */
final class Entropy {
  private Entropy() {}

  static double of(CharSequence s) {
    if (s.isEmpty()) {
      return 0;
    }
    java.util.Map<Character, Integer> counts = new java.util.HashMap<>();
    for (int i = 0; i < s.length(); i++) {
      counts.merge(s.charAt(i), 1, Integer::sum);
    }
    double bits = 0;
    for (int count : counts.values()) {
      double p = (double) count / s.length();
      bits -= p * (Math.log(p) / Math.log(2));
    }
    return bits;
  }
}
