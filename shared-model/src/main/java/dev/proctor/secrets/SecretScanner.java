package dev.proctor.secrets;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds and masks secrets with a {@link RuleSet}. The gateway masks with it, and the index flags
 * with it, so a secret is judged the same way everywhere. Thread-safe; each call or stream has its
 * own state.
 */
public final class SecretScanner {
  private final RuleSet rules;
  private final Fingerprinter fingerprinter;

  public SecretScanner(RuleSet rules, Fingerprinter fingerprinter) {
    this.rules = requireNonNull(rules, "rules");
    this.fingerprinter = requireNonNull(fingerprinter, "fingerprinter");
  }

  /** The secrets in {@code text}, in order, without overlaps. */
  public List<SecretMatch> scan(CharSequence text) {
    StreamingMasker detector = new StreamingMasker(rules, fingerprinter, false);
    detector.finish(text);
    return detector.matches();
  }

  /** {@code text} with each secret replaced by its {@link SecretMatch#placeholder()}. */
  public Masked mask(CharSequence text) {
    StreamingMasker masker = stream();
    String masked = masker.finish(text);
    return new Masked(masked, masker.matches());
  }

  /**
   * The fingerprints under which a candidate secret would have been recorded, for "was this key
   * exposed?": the candidate itself (trimmed), and each secret the rules find in it, so that a
   * pasted line such as a connection URL finds the password it carries. The candidate is not kept.
   */
  public Set<String> fingerprintsOf(String candidate) {
    Set<String> fingerprints = new LinkedHashSet<>();
    String trimmed = candidate.strip();
    if (!trimmed.isEmpty()) {
      fingerprints.add(fingerprinter.of(trimmed));
    }
    for (SecretMatch m : scan(trimmed)) {
      fingerprints.add(m.fingerprint());
    }
    return fingerprints;
  }

  /** A masker for one text that arrives in pieces. */
  public StreamingMasker stream() {
    return new StreamingMasker(rules, fingerprinter, true);
  }

  public RuleSet rules() {
    return rules;
  }

  public Fingerprinter fingerprinter() {
    return fingerprinter;
  }
}
