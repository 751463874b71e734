package dev.proctor.gateway;

import io.helidon.config.Config;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every key the gateway's config file may hold, in the notation of docs/gateway-config.md: {@code
 * []} stands for any element of a list of objects, {@code .*} for any key of a map. {@link
 * GatewayConfig#from} refuses a file with a key not listed here, so a typo stops the start instead
 * of being ignored; tests hold the documentation and the deployment files to the same list.
 */
public final class ConfigSchema {
  private static final String ISSUER = "proctor.identity.issuers[].";
  private static final String CONNECTION = "proctor.connections[].";
  private static final String COPILOT = CONNECTION + "credential.copilot.";

  /** The keys, sorted. */
  public static final Set<String> KEYS =
      new TreeSet<>(
          List.of(
              "proctor.host",
              "proctor.port",
              "proctor.admin-port",
              "proctor.upstream-read-timeout",
              "proctor.upstream-connections",
              "proctor.upstream-proxy",
              "proctor.no-proxy",
              "proctor.identity.audiences",
              "proctor.identity.clock-skew",
              "proctor.identity.jwks-refresh-min-interval",
              ISSUER + "issuer",
              ISSUER + "jwks-uri",
              ISSUER + "audiences",
              ISSUER + "subject-claim",
              ISSUER + "groups-claim",
              ISSUER + "trusted-claims",
              ISSUER + "clock-skew",
              CONNECTION + "name",
              CONNECTION + "upstream",
              CONNECTION + "api",
              CONNECTION + "credential.header",
              CONNECTION + "credential.prefix",
              CONNECTION + "credential.env",
              CONNECTION + "credential.file",
              CONNECTION + "credential.value",
              COPILOT + "github-token.env",
              COPILOT + "github-token.file",
              COPILOT + "github-token.value",
              COPILOT + "token-url",
              COPILOT + "headers.*",
              COPILOT + "refresh-margin",
              CONNECTION + "headers.*",
              "proctor.sessions.idle-timeout",
              "proctor.recording.spool-dir",
              "proctor.recording.signing-key-file",
              "proctor.recording.segment-max-events",
              "proctor.recording.segment-max-age",
              "proctor.recording.fsync",
              "proctor.recording.s3.endpoint",
              "proctor.recording.s3.region",
              "proctor.recording.s3.bucket",
              "proctor.recording.s3.prefix",
              "proctor.recording.s3.path-style",
              "proctor.recording.s3.access-key",
              "proctor.recording.s3.secret-key",
              "proctor.recording.s3.encryption",
              "proctor.recording.s3.kms-key-id",
              "proctor.masking.request",
              "proctor.masking.response",
              "proctor.masking.fingerprint-key-file",
              "proctor.masking.rules-file",
              "proctor.masking.disabled-rules",
              "proctor.policy.file",
              "proctor.policy.reload-interval",
              "proctor.access.staleness",
              "proctor.access.pending-ttl",
              "proctor.access.admin-groups",
              "proctor.access.webhook.url"));

  private static final Pattern INDEX = Pattern.compile("\\.\\d+(?=\\.|$)");

  private ConfigSchema() {}

  /** The keys of a config tree under {@code proctor} that the schema does not know, sorted. */
  public static Set<String> unknownKeys(Config root) {
    Set<String> unknown = new TreeSet<>();
    root.traverse()
        .filter(node -> node.isLeaf() || node.asNodeList().map(List::isEmpty).orElse(false))
        .map(node -> node.key().toString())
        .filter(key -> !known(key))
        .map(key -> key.replaceAll("(\\.\\d+)+$", "")) // a list of values: the list's key
        .forEach(unknown::add);
    return unknown;
  }

  /**
   * An unknown concrete key with the known name its first unknown part is likely a typo of, when
   * one is close: {@code proctor.recording.s3.bukcet (did you mean bucket?)}.
   */
  public static String withSuggestion(String key) {
    String within = ""; // the general form of the key's known beginning
    for (String part : key.split("\\.")) {
      if (part.chars().allMatch(Character::isDigit) && !part.isEmpty()) {
        within += "[]";
        continue;
      }
      String next = within.isEmpty() ? part : within + "." + part;
      if (KEYS.stream()
          .anyMatch(k -> k.equals(next) || k.startsWith(next + ".") || k.startsWith(next + "[]"))) {
        within = next;
        continue;
      }
      String prefix = within.isEmpty() ? "" : within + ".";
      return KEYS.stream()
          .filter(k -> k.startsWith(prefix))
          .map(k -> k.substring(prefix.length()).split("[.\\[]", 2)[0])
          .distinct()
          .filter(name -> editDistance(part, name) <= Math.max(1, part.length() / 3))
          .min(Comparator.comparingInt((String name) -> editDistance(part, name)))
          .map(name -> key + " (did you mean " + name + "?)")
          .orElse(key);
    }
    return key;
  }

  /** The number of single-character insertions, deletions and substitutions from a to b. */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /**
   * Whether a concrete key ({@code proctor.connections.0.credential.file}, {@code
   * proctor.identity.audiences.1}) is in the schema.
   */
  public static boolean known(String key) {
    String general = INDEX.matcher(key).replaceAll("[]");
    while (general.endsWith("[]")) { // an element of a list of values: the list's own key
      general = general.substring(0, general.length() - 2);
    }
    if (KEYS.contains(general)) {
      return true;
    }
    for (String schemaKey : KEYS) {
      if (schemaKey.startsWith(general + "[].")) { // an empty list of objects: connections: []
        return true;
      }
      if (schemaKey.endsWith(".*")) {
        String self = schemaKey.substring(0, schemaKey.length() - 2); // an empty map: headers: {}
        if (general.equals(self) || general.startsWith(self + ".")) {
          return true;
        }
      }
    }
    return false;
  }
}
