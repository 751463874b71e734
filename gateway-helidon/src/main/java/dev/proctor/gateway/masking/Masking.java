package dev.proctor.gateway.masking;

import static java.util.Objects.requireNonNull;

import dev.proctor.secrets.Fingerprinter;
import dev.proctor.secrets.GitleaksRules;
import dev.proctor.secrets.RuleSet;
import dev.proctor.secrets.SecretScanner;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The masking stage's settings: the scanner (with the organisation's fingerprint key) and what to
 * do in each direction. Until the policy engine decides per rule, one setting applies to every
 * call.
 */
public record Masking(JsonMasker masker, MaskingPolicy request, MaskingPolicy response) {
  private static final System.Logger LOG = System.getLogger(Masking.class.getName());

  public Masking {
    requireNonNull(masker, "masker");
    requireNonNull(request, "request");
    requireNonNull(response, "response");
  }

  /**
   * The organisation's fingerprint key from {@code keyFile}, created (32 random bytes, readable by
   * the gateway's user only) when it does not exist yet. Fingerprints must stay comparable across
   * restarts and replicas, so production configures the same file everywhere.
   */
  public static Fingerprinter fingerprinter(Path keyFile) throws IOException {
    if (!Files.exists(keyFile)) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      Files.createDirectories(keyFile.toAbsolutePath().getParent());
      Files.write(keyFile, key, StandardOpenOption.CREATE_NEW);
      try {
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
    }
    return new Fingerprinter(Files.readAllBytes(keyFile));
  }

  /**
   * The masking stage as configured: the built-in rules plus the rules file's, less the disabled
   * ones. Each imported rule that cannot be honoured is logged; a disabled id that names no rule
   * stops the start, since it is most likely a typo that leaves a rule on.
   */
  public static Masking load(MaskingSettings settings) throws IOException {
    RuleSet rules = RuleSet.builtIn();
    if (settings.rulesFile().isPresent()) {
      Path file = settings.rulesFile().get();
      GitleaksRules.Import imported = GitleaksRules.parse(Files.readString(file), file.toString());
      imported.problems().forEach(problem -> LOG.log(Level.WARNING, problem));
      rules = rules.plus(imported.rules());
    }
    Set<String> known = new HashSet<>();
    rules.rules().forEach(rule -> known.add(rule.id()));
    List<String> unknown =
        settings.disabledRules().stream().filter(id -> !known.contains(id)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "proctor.masking.disabled-rules: no rule named " + String.join(", ", unknown));
    }
    return new Masking(
        new JsonMasker(
            new SecretScanner(
                rules.without(settings.disabledRules()),
                fingerprinter(settings.fingerprintKeyFile()))),
        settings.request(),
        settings.response());
  }
}
