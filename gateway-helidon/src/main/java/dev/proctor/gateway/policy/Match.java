package dev.proctor.gateway.policy;

import java.util.List;
import java.util.Map;

/**
 * Which calls a rule applies to. Every field given must match; within a field, any of its globs. An
 * empty field matches everything. {@code groups} matches when any of the caller's groups matches
 * any glob; {@code claims} matches the caller's trusted attributes (such as GitHub Actions' {@code
 * repository}), each named claim against its globs.
 */
public record Match(
    List<Glob> issuers,
    List<Glob> subjects,
    List<Glob> groups,
    Map<String, List<Glob>> claims,
    List<Glob> connections,
    List<Glob> models,
    List<Glob> paths) {

  public static final Match ANY =
      new Match(List.of(), List.of(), List.of(), Map.of(), List.of(), List.of(), List.of());

  public Match {
    issuers = List.copyOf(issuers);
    subjects = List.copyOf(subjects);
    groups = List.copyOf(groups);
    claims = Map.copyOf(claims);
    connections = List.copyOf(connections);
    models = List.copyOf(models);
    paths = List.copyOf(paths);
  }

  public boolean matches(PolicyCall call) {
    return any(issuers, call.caller().issuer())
        && any(subjects, call.caller().subject())
        && (groups.isEmpty() || call.caller().groups().stream().anyMatch(g -> any(groups, g)))
        && claims.entrySet().stream()
            .allMatch(
                claim -> {
                  String value = call.caller().attributes().get(claim.getKey());
                  return value != null && any(claim.getValue(), value);
                })
        && any(connections, call.connection())
        && (models.isEmpty() || call.model().map(m -> any(models, m)).orElse(false))
        && any(paths, call.path());
  }

  private static boolean any(List<Glob> globs, String value) {
    if (globs.isEmpty()) {
      return true;
    }
    for (Glob g : globs) {
      if (g.matches(value)) {
        return true;
      }
    }
    return false;
  }
}
