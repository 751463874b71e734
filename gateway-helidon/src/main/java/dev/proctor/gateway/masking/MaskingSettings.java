package dev.proctor.gateway.masking;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The masking stage's configuration ({@code proctor.masking.*}).
 *
 * @param fingerprintKeyFile the organisation's HMAC key for fingerprints
 * @param request what to do with secrets in requests
 * @param response what to do with secrets in answers
 * @param rulesFile gitleaks TOML rules added to the built-in set
 * @param disabledRules ids of rules (built-in or added) not to apply
 */
public record MaskingSettings(
    Path fingerprintKeyFile,
    MaskingPolicy request,
    MaskingPolicy response,
    Optional<Path> rulesFile,
    Set<String> disabledRules) {

  public MaskingSettings {
    requireNonNull(fingerprintKeyFile, "fingerprintKeyFile");
    requireNonNull(request, "request");
    requireNonNull(response, "response");
    requireNonNull(rulesFile, "rulesFile");
    disabledRules = Set.copyOf(disabledRules);
  }

  /** Built-in rules only, the same policy both ways. */
  public static MaskingSettings of(Path fingerprintKeyFile, MaskingPolicy both) {
    return new MaskingSettings(fingerprintKeyFile, both, both, Optional.empty(), Set.of());
  }
}
