package dev.proctor.gateway.identity;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads claims by dotted path ({@code realm_access.roles}), so nested claims can be used. */
final class Claims {
  private Claims() {}

  static Optional<Object> at(Map<String, Object> claims, String path) {
    Object current = claims;
    for (String part : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> map)) {
        return Optional.empty();
      }
      current = map.get(part);
    }
    return Optional.ofNullable(current);
  }

  static Optional<String> string(Map<String, Object> claims, String path) {
    return at(claims, path)
        .filter(v -> !(v instanceof Map) && !(v instanceof Collection))
        .map(String::valueOf);
  }

  static List<String> strings(Map<String, Object> claims, String path) {
    return at(claims, path)
        .map(
            v ->
                v instanceof Collection<?> c
                    ? c.stream().map(String::valueOf).toList()
                    : List.of(String.valueOf(v)))
        .orElse(List.of());
  }
}
