package dev.proctor.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProctorPathsTest {
  private final Path home = Path.of("/home/ada");

  @Test
  void defaultsFollowXdg() {
    ProctorPaths paths = ProctorPaths.from(Map.of(), home);
    assertThat(paths.config()).isEqualTo(Path.of("/home/ada/.config/proctor"));
    assertThat(paths.data()).isEqualTo(Path.of("/home/ada/.local/share/proctor"));
    assertThat(paths.devStackFile()).isEqualTo(Path.of("/home/ada/.config/proctor/dev-stack.json"));
  }

  @Test
  void xdgVariablesMoveConfigAndDataButRelativeOnesAreIgnored() {
    ProctorPaths paths =
        ProctorPaths.from(Map.of("XDG_CONFIG_HOME", "/cfg", "XDG_DATA_HOME", "relative"), home);
    assertThat(paths.config()).isEqualTo(Path.of("/cfg/proctor"));
    assertThat(paths.data()).isEqualTo(Path.of("/home/ada/.local/share/proctor"));
  }

  @Test
  void proctorHomeMovesEverything() {
    ProctorPaths paths =
        ProctorPaths.from(Map.of("PROCTOR_HOME", "/srv/p", "XDG_CONFIG_HOME", "/cfg"), home);
    assertThat(paths.config()).isEqualTo(Path.of("/srv/p/config"));
    assertThat(paths.indexDir()).isEqualTo(Path.of("/srv/p/data/index"));
  }
}
