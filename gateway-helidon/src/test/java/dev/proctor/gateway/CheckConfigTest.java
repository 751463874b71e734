package dev.proctor.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./proctor gateway --check-config FILE} judges a file without starting anything. */
class CheckConfigTest {
  @TempDir Path dir;

  @Test
  void aGoodPolicyPassesAndABadOneIsExplainedLineByLine() throws Exception {
    Path good = dir.resolve("good.yaml");
    Files.writeString(good, "rules:\n  - name: everyone\n");
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "rules:\n  - name: x\n    action: perhaps\n");

    Result ok = check(good);
    Result refused = check(bad);

    assertThat(ok.status()).isZero();
    assertThat(ok.out()).isEqualTo(good + ": a valid policy with 1 rules\n");
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err())
        .isEqualTo(bad + ":3:13: rules[0].action: expected allow or deny, got 'perhaps'\n");
  }

  @Test
  void aGatewayConfigIsCheckedWithThePolicyItNames() throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "rules:\n  - name: x\n    record: sometimes\n");
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(
        config,
        """
        proctor:
          policy:
            file: %s
          identity:
            issuers:
              - issuer: https://idp.example.com
                audiences: [proctor]
          connections: []
          recording:
            spool-dir: %s
            s3:
              bucket: b
        """
            .formatted(policy, dir.resolve("spool")));

    Result result = check(config);

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.out()).startsWith(config + ": a valid gateway config with 0 connections");
    assertThat(result.err())
        .contains(policy + ":3:13: rules[0].record: expected full, metadata or off");
  }

  @Test
  void aMisspelledKeyIsRefusedByName() throws Exception {
    Path config = dir.resolve("typo.yaml");
    Files.writeString(
        config,
        """
        proctor:
          identity:
            issuers:
              - issuer: https://idp.example.com
                audience: [proctor]
          connections:
            - name: openai
              upstream: https://api.openai.com
              api: openai
              credential: {env: OPENAI_API_KEY}
              headers: {OpenAI-Organization: org-1}
          recording:
            s3:
              bukcet: recordings
        """);

    Result result = check(config);

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            config
                + ": unknown config keys: proctor.identity.issuers.0.audience (did you mean"
                + " audiences?), proctor.recording.s3.bukcet (did you mean bucket?)"
                + " (docs/gateway-config.md lists every key)\n");
  }

  @Test
  void headersThatCouldNotGoOnTheWireAreRefusedAtLoad() throws Exception {
    Path smuggling = dir.resolve("smuggling.yaml");
    Files.writeString(
        smuggling,
        connectionConfig("{env: OPENAI_API_KEY}", "headers: {X-Team: \"a\\r\\nInjected: 1\"}"));
    Path badName = dir.resolve("bad-name.yaml");
    Files.writeString(badName, connectionConfig("{env: OPENAI_API_KEY, header: \"Api Key\"}", ""));

    assertThat(check(smuggling).err())
        .isEqualTo(
            smuggling
                + ": proctor.connections.0.headers.X-Team:"
                + " the value of header X-Team holds a line break\n");
    assertThat(check(badName).err())
        .isEqualTo(
            badName
                + ": proctor.connections.0.credential.header:"
                + " not a valid header name: 'Api Key'\n");
  }

  @Test
  void theOutboundProxyIsNamedWithoutItsCredentials() throws Exception {
    Path config = dir.resolve("proxied.yaml");
    Files.writeString(
        config,
        connectionConfig("{env: OPENAI_API_KEY}", "")
            .replace(
                "proctor:\n",
                "proctor:\n  upstream-proxy: http://gw:hunter2@proxy.corp:3128\n"
                    + "  no-proxy: .corp, 10.0.0.7\n"));

    Result result = check(config);

    assertThat(result.status()).isZero();
    assertThat(result.out())
        .contains("\nHTTPS upstreams through the proxy proxy.corp:3128, except corp, 10.0.0.7\n")
        .doesNotContain("hunter2");
  }

  private String connectionConfig(String credential, String line) {
    return """
        proctor:
          identity:
            issuers:
              - issuer: https://idp.example.com
                audiences: [proctor]
          connections:
            - name: openai
              upstream: https://api.openai.com
              api: openai
              credential: %s
              %s
          recording:
            spool-dir: %s
            s3:
              bucket: b
        """
        .formatted(credential, line, dir.resolve("spool"));
  }

  @Test
  void schemaKnowsListElementsMapsAndEmptyContainers() {
    assertThat(ConfigSchema.known("proctor.identity.audiences.1")).isTrue();
    assertThat(ConfigSchema.known("proctor.connections.3.credential.copilot.github-token.file"))
        .isTrue();
    assertThat(ConfigSchema.known("proctor.connections.0.headers.Editor-Version")).isTrue();
    assertThat(ConfigSchema.known("proctor.connections.0.headers")).isTrue();
    assertThat(ConfigSchema.known("proctor.connections")).isTrue();
    assertThat(ConfigSchema.known("proctor.masking.disabled-rules")).isTrue();
    assertThat(ConfigSchema.known("proctor.connections.0.credential.headers.x")).isFalse();
    assertThat(ConfigSchema.known("proctor.recording")).isFalse();
    assertThat(ConfigSchema.known("server.port")).isFalse();
  }

  record Result(int status, String out, String err) {}

  private static Result check(Path file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.checkConfig(
            file,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
