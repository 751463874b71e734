package dev.proctor.gateway.access;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Just-in-time approval settings ({@code proctor.access.*}).
 *
 * @param staleness how old a replica's copy of the grants may be; a revocation takes effect on
 *     every replica within it
 * @param pendingFor how long an undecided request stays open
 * @param adminGroups groups whose members may list every request and revoke any grant
 * @param webhook where new requests and decisions are posted, if anywhere
 */
public record AccessSettings(
    Duration staleness, Duration pendingFor, List<String> adminGroups, Optional<URI> webhook) {
  public AccessSettings {
    requireNonNull(staleness, "staleness");
    requireNonNull(pendingFor, "pendingFor");
    adminGroups = List.copyOf(adminGroups);
    requireNonNull(webhook, "webhook");
  }

  public AccessSettings(Duration staleness, Duration pendingFor, List<String> adminGroups) {
    this(staleness, pendingFor, adminGroups, Optional.empty());
  }

  public AccessSettings withWebhook(URI url) {
    return new AccessSettings(staleness, pendingFor, adminGroups, Optional.of(url));
  }
}
