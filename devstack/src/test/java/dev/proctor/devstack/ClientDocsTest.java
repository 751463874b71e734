package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client set-up guide's commands, run against a dev stack: every {@code # against the dev
 * stack} block of docs/clients.md. Blocks of {@code export}s configure an official SDK in a child
 * process that reads nothing but its environment; other blocks run in a shell. The dev stack's
 * standard address in the docs becomes this stack's, and {@code $(./proctor dev-token X)} a token
 * of its IdP.
 */
class ClientDocsTest {
  private static final Pattern BLOCK =
      Pattern.compile("```sh\\n# against the dev stack\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern EXPORT = Pattern.compile("export (\\w+)=(.*)");
  private static final Pattern DEV_TOKEN = Pattern.compile("\\$\\(\\./proctor dev-token (\\w+)\\)");

  @TempDir static Path dir;
  static DevStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack = DevStack.start(DevStack.Options.ephemeral(dir.resolve("stack")));
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
  }

  @Test
  void everyDevStackBlockOfTheClientGuideWorks() throws Exception {
    List<String> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(Files.readString(Path.of("../docs/clients.md")));
    while (m.find()) {
      blocks.add(m.group(1));
    }
    assertThat(blocks).as("the guide's tested blocks").hasSizeGreaterThanOrEqualTo(4);

    List<String> tried = new ArrayList<>();
    for (String block : blocks) {
      String text = forThisStack(block);
      if (text.lines().allMatch(l -> l.startsWith("export "))) {
        Map<String, String> env = new LinkedHashMap<>();
        text.lines()
            .map(EXPORT::matcher)
            .filter(Matcher::matches)
            .forEach(e -> env.put(e.group(1), e.group(2)));
        String sdk = env.containsKey("OPENAI_BASE_URL") ? "openai" : "anthropic";
        String out = sdk(sdk, env, "hello from the docs");
        assertThat(out)
            .as(String.join(" ", env.keySet()))
            .isEqualTo("You said: hello from the docs\n");
        tried.add(sdk + " " + env.keySet());
      } else {
        String out = shell(text);
        if (text.contains("/v1/responses")) {
          assertThat(out)
              .as(block)
              .contains("event: response.output_text.delta\n")
              .contains("\"delta\":\"hello \"")
              .contains("event: response.completed\n")
              .contains("\"text\":\"You said: hello from the docs\"");
          tried.add("sh responses");
        } else {
          assertThat(out).as(block).contains("\"content\":\"hello \"").endsWith("data: [DONE]\n\n");
          tried.add("sh");
        }
      }
    }
    assertThat(tried)
        .contains(
            "openai [OPENAI_BASE_URL, OPENAI_API_KEY]",
            "anthropic [ANTHROPIC_BASE_URL, ANTHROPIC_API_KEY]",
            "anthropic [ANTHROPIC_BASE_URL, ANTHROPIC_AUTH_TOKEN]",
            "sh",
            "sh responses");
  }

  private static String forThisStack(String block) {
    String text =
        block.replace("http://127.0.0.1:8080", stack.info().gateway().url()).replace("\\\n", " ");
    Matcher t = DEV_TOKEN.matcher(text);
    StringBuilder out = new StringBuilder();
    while (t.find()) {
      t.appendReplacement(out, Matcher.quoteReplacement(stack.idp().token(t.group(1), 600)));
    }
    t.appendTail(out);
    return out.toString().strip();
  }

  /** The SDK in a child JVM with only the documented variables (and the basics) set. */
  private static String sdk(String which, Map<String, String> env, String prompt)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            SdkFromEnvironment.class.getName(),
            which,
            prompt);
    pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("ANTHROPIC_"));
    pb.environment().putAll(env);
    return run(pb);
  }

  private static String shell(String script) throws IOException, InterruptedException {
    return run(new ProcessBuilder("sh", "-c", script));
  }

  private static String run(ProcessBuilder pb) throws IOException, InterruptedException {
    pb.redirectErrorStream(true);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    return text;
  }
}
