package dev.proctor.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
  private static final String KEY = "an organisation key of 32 chars!";

  @Test
  void printsFindingsAsJsonWithCharacterOffsetsAndExitsOne() throws Exception {
    String token = FakeSecrets.github(new Random(3), "ghp_");
    String input = "line one\nexport GITHUB_TOKEN=" + token + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = run(input, out, "--json");

    assertThat(status).isEqualTo(1);
    JsonNode findings = new ObjectMapper().readTree(out.toByteArray());
    assertThat(findings).hasSize(1);
    JsonNode f = findings.get(0);
    assertThat(f.get("file").asText()).isEqualTo("-");
    assertThat(f.get("rule").asText()).isEqualTo("github-pat");
    assertThat(input.substring(f.get("start").asInt(), f.get("end").asInt())).isEqualTo(token);
    assertThat(f.get("fingerprint").asText())
        .isEqualTo(new Fingerprinter(KEY.getBytes(StandardCharsets.UTF_8)).of(token));
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(token);
  }

  @Test
  void masksAPipe() throws Exception {
    String token = FakeSecrets.github(new Random(4), "ghp_");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(run("token " + token + " here\n", out, "--mask")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .matches("token \\[MASKED:github-pat:[0-9a-f]{8}] here\n");
  }

  @Test
  void cleanInputExitsZero() throws Exception {
    assertThat(run("nothing to see\n", new ByteArrayOutputStream())).isZero();
  }

  @Test
  void aFileGivenByNameIsScannedWithoutWaitingForStandardInput(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("env");
    Files.writeString(file, "export GITHUB_TOKEN=" + FakeSecrets.github(new Random(5), "ghp_"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int status =
        ScanCommand.run(
            new String[] {file.toString()},
            new InputStream() { // a terminal: reading waits for Ctrl-D
              @Override
              public int read() {
                throw new AssertionError("standard input was read");
              }
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            KEY);

    assertThat(status).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(file + ":1: github-pat ");
  }

  @Test
  void aFileThatIsNotThereIsAnErrorThatSaysSo(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path missing = dir.resolve("missing.txt");

    int status =
        ScanCommand.run(
            new String[] {missing.toString()},
            InputStream.nullInputStream(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            KEY);

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("proctor scan: " + missing + ": no such file\n");
  }

  private static int run(String stdin, ByteArrayOutputStream out, String... args) throws Exception {
    return ScanCommand.run(
        args,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        KEY);
  }
}
