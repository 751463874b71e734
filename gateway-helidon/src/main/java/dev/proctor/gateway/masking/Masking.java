package dev.proctor.gateway.masking;

import static java.util.Objects.requireNonNull;

import dev.proctor.secrets.Fingerprinter;
import dev.proctor.secrets.RuleSet;
import dev.proctor.secrets.SecretScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The masking stage's settings: the scanner (with the organisation's fingerprint key) and what to
 * do in each direction. Until the policy engine decides per rule, one setting applies to every
 * call.
 */
public record Masking(JsonMasker masker, MaskingPolicy request, MaskingPolicy response) {
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

  public static Masking of(
      Fingerprinter fingerprinter, MaskingPolicy request, MaskingPolicy response) {
    return new Masking(
        new JsonMasker(new SecretScanner(RuleSet.builtIn(), fingerprinter)), request, response);
  }
}
