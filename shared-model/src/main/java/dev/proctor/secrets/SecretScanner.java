package dev.proctor.secrets;

import static java.util.Objects.requireNonNull;

import java.util.List;

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
    detector.push(text);
    detector.finish();
    return detector.matches();
  }

  /** {@code text} with each secret replaced by its {@link SecretMatch#placeholder()}. */
  public Masked mask(CharSequence text) {
    StreamingMasker masker = stream();
    String head = masker.push(text);
    String tail = masker.finish();
    return new Masked(head + tail, masker.matches());
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
