package dev.proctor.gateway.access;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * Just-in-time approval settings ({@code proctor.access.*}).
 *
 * @param staleness how old a replica's copy of the grants may be; a revocation takes effect on
 *     every replica within it
 * @param pendingFor how long an undecided request stays open
 * @param adminGroups groups whose members may list every request and revoke any grant
 */
public record AccessSettings(Duration staleness, Duration pendingFor, List<String> adminGroups) {
  public AccessSettings {
    requireNonNull(staleness, "staleness");
    requireNonNull(pendingFor, "pendingFor");
    adminGroups = List.copyOf(adminGroups);
  }

  public static AccessSettings defaults() {
    return new AccessSettings(
        Duration.ofSeconds(2), Duration.ofHours(1), List.of("proctor-admins"));
  }
}
