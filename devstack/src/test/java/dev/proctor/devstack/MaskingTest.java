package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.index.ProctorPaths;
import dev.proctor.index.cli.IndexCli;
import dev.proctor.secrets.Checksum;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Masking in the gateway, both directions, on the dev stack: the simulator echoes the prompt it
 * received, so what the client reads back is what left for the upstream.
 */
class MaskingTest {
  @TempDir static Path dir;
  static DevStack stack;
  static final HttpClient http = HttpClient.newHttpClient();
  static final Random random = new Random(2026);

  @BeforeAll
  static void start() throws Exception {
    stack = DevStack.start(DevStack.Options.ephemeral(dir));
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
  }

  @Test
  void secretsAreMaskedBeforeTheUpstreamAndBeforeTheClientAndNeverRecorded() throws Exception {
    String awsKey = "AKIA" + random(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
    String entropy =
        random(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 30);
    String githubToken = "ghp_" + entropy + Checksum.crc32Base62(entropy);

    HttpResponse<String> echoed = chat("deploy with AWS_ACCESS_KEY_ID=" + awsKey + " please", null);
    assertThat(echoed.statusCode()).isEqualTo(200);
    assertThat(echoed.body())
        .doesNotContain(awsKey)
        .containsPattern("AWS_ACCESS_KEY_ID=\\[MASKED:aws-access-key-id:[0-9a-f]{8}] please");

    HttpResponse<String> answered = chat("what is the token?", "Use " + githubToken + " for CI.");
    assertThat(answered.statusCode()).isEqualTo(200);
    assertThat(answered.body())
        .doesNotContain(githubToken)
        .containsPattern("Use \\[MASKED:github-pat:[0-9a-f]{8}] for CI\\.");

    HttpResponse<String> unannounced =
        chat("and without a length?", "Use " + githubToken + " for CI.", "x-sim-chunked");
    assertThat(unannounced.body())
        .doesNotContain(githubToken)
        .containsPattern("Use \\[MASKED:github-pat:[0-9a-f]{8}] for CI\\.");

    Recordings.awaitCompleted(stack, "openai.chat", 3);
    stack.gateway().recorder().closeAll("explicit");
    assertThat(stack.gateway().recorder().awaitUploads(Duration.ofSeconds(20))).isTrue();
    var s3 = stack.info().s3();
    List<Recordings.Session> sessions =
        Recordings.sync(
            dir.resolve("index"), URI.create(s3.endpoint()), s3.accessKey(), s3.secretKey());
    Recordings.verifiedExchanges(sessions);

    // "Was this key exposed?" finds both keys by their fingerprints, and nothing for another key.
    assertThat(exposed(githubToken)).contains(" assistant ").contains("finding github-pat");
    assertThat(exposed("AWS_ACCESS_KEY_ID=" + awsKey))
        .contains(" user ")
        .contains("aws-access-key-id");
    assertThat(exposed("ghp_" + entropy.substring(1) + "x" + Checksum.crc32Base62(entropy)))
        .isEqualTo("not found in the synced recordings\n");
    // without the variable, the key the running dev stack names, as the workstation finds it
    ProctorPaths paths = new ProctorPaths(dir.resolve("config"), dir);
    stack.info().write(paths.devStackFile());
    ByteArrayOutputStream found = new ByteArrayOutputStream();
    assertThat(
            new IndexCli(paths, new PrintStream(found, true, StandardCharsets.UTF_8), System.err)
                .exposed(githubToken.getBytes(StandardCharsets.UTF_8), Map.of()))
        .isZero();
    assertThat(found.toString(StandardCharsets.UTF_8)).contains("finding github-pat");

    // The incident report names both findings, the integrity, and carries no raw secret.
    String sid = sessions.getFirst().summary().sid();
    for (String format : List.of("md", "html", "json")) {
      String report = cli("export", sid, "--format", format);
      assertThat(report)
          .as(format)
          .contains("aws-access-key-id", "github-pat", "verified", "[MASKED:github-pat:")
          .doesNotContain(awsKey)
          .doesNotContain(githubToken);
    }
    assertThat(cli("export", sid, "--format", "html")).startsWith("<!doctype html>");
    String everything = readAll(dir);
    assertThat(everything).doesNotContain(awsKey).doesNotContain(githubToken);
    assertThat(everything)
        .contains("\"rule\":\"aws-access-key-id\",\"direction\":\"request\"")
        .contains("\"rule\":\"github-pat\",\"direction\":\"response\"")
        .contains("\"action\":\"masked\"");
  }

  private static String cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        new IndexCli(
                new ProctorPaths(dir.resolve("config"), dir),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err)
            .run(args);
    assertThat(status).as(String.join(" ", args)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  /** {@code proctor search --exposed} with the candidate on standard input. */
  private static String exposed(String candidate) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        new IndexCli(
                new ProctorPaths(dir.resolve("config"), dir),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err)
            .exposed(
                candidate.getBytes(StandardCharsets.UTF_8),
                Map.of("PROCTOR_FINGERPRINT_KEY_FILE", dir.resolve("fingerprint.key").toString()));
    assertThat(status).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> chat(String prompt, String scriptedReply, String... flags)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(stack.info().gateway().url() + "/c/sim-openai/v1/chat/completions"))
            .header("Authorization", "Bearer " + stack.idp().token("alice", 300))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"sim-1\",\"messages\":[{\"role\":\"user\",\"content\":"
                        + com.fasterxml.jackson.databind.node.TextNode.valueOf(prompt)
                        + "}]}"));
    if (scriptedReply != null) {
      request.header("x-sim-reply", scriptedReply);
    }
    for (String flag : flags) {
      request.header(flag, "true");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Every file under {@code root} (spool, bucket copy, index), gzip members decompressed. */
  static String readAll(Path root) throws Exception {
    List<String> texts = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(f);
        } catch (java.nio.file.NoSuchFileException renamedMeanwhile) {
          continue; // a spool file sealed, or an S3 upload landed, since the walk listed it
        }
        if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
          try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            bytes = in.readAllBytes();
          }
        }
        texts.add(new String(bytes, StandardCharsets.ISO_8859_1));
      }
    }
    return String.join("\n", texts);
  }

  private static String random(Random r, String alphabet, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
