package dev.proctor.index;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where Proctor keeps files on a user's machine. {@code PROCTOR_HOME} moves everything (config
 * under {@code $PROCTOR_HOME/config}, data under {@code $PROCTOR_HOME/data}); otherwise the XDG
 * base directories apply: {@code $XDG_CONFIG_HOME/proctor} (default {@code ~/.config/proctor}) and
 * {@code $XDG_DATA_HOME/proctor} (default {@code ~/.local/share/proctor}).
 */
public record ProctorPaths(Path config, Path data) {

  public static ProctorPaths fromEnvironment() {
    return from(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  static ProctorPaths from(Map<String, String> env, Path home) {
    String proctorHome = env.get("PROCTOR_HOME");
    if (proctorHome != null && !proctorHome.isBlank()) {
      Path root = Path.of(proctorHome).toAbsolutePath();
      return new ProctorPaths(root.resolve("config"), root.resolve("data"));
    }
    Path config = base(env.get("XDG_CONFIG_HOME"), home.resolve(".config"));
    Path data = base(env.get("XDG_DATA_HOME"), home.resolve(".local/share"));
    return new ProctorPaths(config.resolve("proctor"), data.resolve("proctor"));
  }

  private static Path base(String xdg, Path fallback) {
    return xdg == null || xdg.isBlank() || !Path.of(xdg).isAbsolute() ? fallback : Path.of(xdg);
  }

  /** The endpoints a running {@code ./proctor dev-stack} wrote. */
  public Path devStackFile() {
    return config.resolve("dev-stack.json");
  }

  /** The local index, raw segment cache and sync state. */
  public Path indexDir() {
    return data.resolve("index");
  }
}
