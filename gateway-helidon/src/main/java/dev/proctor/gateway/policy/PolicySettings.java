package dev.proctor.gateway.policy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the policy comes from ({@code proctor.policy.*}).
 *
 * @param file the policy file; without one every authenticated call is allowed, which only suits a
 *     development gateway
 * @param reloadInterval how often the file is checked for changes
 */
public record PolicySettings(Optional<Path> file, Duration reloadInterval) {
  private static final System.Logger LOG = System.getLogger(PolicySettings.class.getName());

  public PolicySettings {
    requireNonNull(file, "file");
    requireNonNull(reloadInterval, "reloadInterval");
  }

  public static PolicySettings none() {
    return new PolicySettings(Optional.empty(), Duration.ofSeconds(1));
  }

  public static PolicySettings of(Path file) {
    return new PolicySettings(Optional.of(file), Duration.ofSeconds(1));
  }

  /**
   * The policy source these settings describe.
   *
   * @throws IllegalArgumentException when the file cannot be used, listing its problems
   */
  public PolicySource open() throws IOException {
    if (file.isEmpty()) {
      LOG.log(
          Level.WARNING,
          "no policy file (proctor.policy.file): every authenticated call is allowed");
      return PolicySource.fixed(Policy.allowAll());
    }
    try {
      return PolicySource.watching(file.get(), reloadInterval);
    } catch (PolicyException e) {
      throw new IllegalArgumentException(
          "the policy " + file.get() + " cannot be used:\n" + e.getMessage(), e);
    }
  }
}
