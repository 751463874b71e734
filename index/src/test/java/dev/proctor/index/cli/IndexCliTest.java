package dev.proctor.index.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.index.ProctorPaths;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IndexCliTest {
  @TempDir Path dir;

  @Test
  void anUnknownAnnotationStatusIsAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        new IndexCli(
                new ProctorPaths(dir.resolve("config"), dir.resolve("data")),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run("annotate", "01M98YR42EKQ36X98VT8ZN7DPN", "--status", "maybe");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "proctor annotate: --status maybe (expected open, confirmed-leak, false-positive or"
                + " rotated)\n");
  }

  @Test
  void aSnippetIsPrintedWithItsHitsInBracketsAndItsTextAsWritten() {
    assertThat(IndexCli.terminalText("wrap &lt;b&gt;it&lt;/b&gt;\n&amp;amp; <b>ship</b>"))
        .isEqualTo("wrap <b>it</b> &amp; [ship]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"show", "verify", "export", "annotate"})
  void aSessionIdThatIsNotOneIsAUsageErrorThatSaysSo(String command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args =
        command.equals("annotate")
            ? new String[] {command, "alice", "--status", "rotated"}
            : new String[] {command, "alice"};

    int code =
        new IndexCli(
                new ProctorPaths(dir.resolve("config"), dir.resolve("data")),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(args);

    assertThat(code).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "proctor "
                + command
                + ": 'alice' is not a session id: expected 26 characters, as the first column of"
                + " ./proctor search shows them\n");
  }
}
