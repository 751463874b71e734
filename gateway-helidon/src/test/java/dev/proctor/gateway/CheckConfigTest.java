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
    assertThat(ok.out()).isEqualTo(good + ": a valid policy with 1 rule\n");
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
  void aRuleNamingNoConnectionOrIssuerOfThisGatewayIsAWarning() throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(
        policy,
        """
        rules:
          - name: contractors
            match: {connection: opneai, groups: contractors}
            action: deny
          - name: ci
            match: {issuer: "https://token.actions.githubusercontent.com"}
          - name: everyone-on-open*
            match: {connection: "open*"}
        """);
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(
        config,
        connectionConfig("{env: OPENAI_API_KEY}", "")
            .replace("proctor:\n", "proctor:\n  policy:\n    file: " + policy + "\n"));

    Result result = check(config);

    assertThat(result.status()).isZero();
    assertThat(result.out().lines().filter(l -> l.startsWith("warning: " + policy)))
        .containsExactly(
            "warning: "
                + policy
                + ":2: rule 'contractors' never applies: its connection [opneai] matches none of"
                + " this gateway's connections (openai)",
            "warning: "
                + policy
                + ":5: rule 'ci' never applies: its issuer"
                + " [https://token.actions.githubusercontent.com] matches none of this gateway's"
                + " issuers (https://idp.example.com)");
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
                + " (docs/gateway-config.md lists every key)\n"
                + config
                + ": proctor.recording.s3.bucket: missing (expected a value)\n");
  }

  @Test
  void everyWrongValueIsNamedWithItsKeyAndWhatWasExpectedInOneRun() throws Exception {
    Path config = dir.resolve("values.yaml");
    Files.writeString(
        config,
        """
        proctor:
          port: 80x
          identity:
            clock-skew: 60s
            issuers:
              - issuer: idp.example.com
          connections:
            - name: openai
              upstream: api.openai.com
              api: opnai
              credential: {env: OPENAI_API_KEY}
            - name: anthropic
              upstream: https://api.anthropic.com
              api: anthropic
              credential: {env: ANTHROPIC_API_KEY}
          masking:
            request: redact
          recording:
            segment-max-events: 0
            s3:
              bukcet: recordings
              path-style: maybe
        """);

    Result result = check(config);

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines())
        .containsExactly(
            config
                + ": unknown config key: proctor.recording.s3.bukcet (did you mean bucket?)"
                + " (docs/gateway-config.md lists every key)",
            config
                + ": proctor.identity.clock-skew: expected an ISO-8601 duration such as PT30S,"
                + " PT15M or PT2H, got '60s'",
            config
                + ": proctor.identity.issuers.0.issuer: expected an http or https URL such as"
                + " https://api.example.com, got 'idp.example.com'",
            config
                + ": proctor.connections.0.upstream: expected an http or https URL such as"
                + " https://api.example.com, got 'api.openai.com'",
            config
                + ": proctor.connections.0.api: expected openai, anthropic or copilot,"
                + " got 'opnai'",
            config + ": proctor.recording.s3.bucket: missing (expected a value)",
            config + ": proctor.recording.s3.path-style: expected true or false, got 'maybe'",
            config
                + ": proctor.recording.segment-max-events: expected a whole number of at least"
                + " 1, got '0'",
            config + ": proctor.port: expected a whole number from 0 to 65535, got '80x'",
            config + ": proctor.masking.request: expected mask, detect or off, got 'redact'");
  }

  @Test
  void numbersOutsideTheirRangeAreNamedWithTheRange() throws Exception {
    Path config = dir.resolve("late.yaml");
    Files.writeString(
        config,
        connectionConfig("{env: OPENAI_API_KEY}", "")
            .replace("proctor:\n", "proctor:\n  port: 70000\n  upstream-connections: none\n"));

    assertThat(check(config).err().lines())
        .containsExactly(
            config + ": proctor.port: expected a whole number from 0 to 65535, got '70000'",
            config
                + ": proctor.upstream-connections: expected a whole number from 1 to 100000,"
                + " got 'none'");
  }

  @Test
  void aCredentialThatCannotBeReadIsAWarningNamingWhere() throws Exception {
    Path key = dir.resolve("openai-api-key");
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(config, connectionConfig("{file: " + key + "}", ""));

    Result missing = check(config);
    Files.writeString(key, "sk-test\n");
    Result present = check(config);

    assertThat(missing.status()).as("the gateway can start; the file may come later").isZero();
    assertThat(missing.out())
        .contains(
            "\nwarning: connection openai: its credential (Authorization from file "
                + key
                + ") is unavailable here: secret file "
                + key
                + " does not exist; every call through it fails until it is\n");
    assertThat(present.status()).isZero();
    assertThat(present.out()).doesNotContain("warning").doesNotContain("sk-test");
  }

  @Test
  void aMissingFileIsSaidToBeMissing() throws Exception {
    Path policy = dir.resolve("no-policy.yaml");
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(
        config,
        connectionConfig("{env: OPENAI_API_KEY}", "")
            .replace("proctor:\n", "proctor:\n  policy:\n    file: " + policy + "\n"));

    assertThat(check(dir.resolve("nothing.yaml")).err())
        .isEqualTo(dir.resolve("nothing.yaml") + ": no such file\n");
    Result result = check(config);
    assertThat(result.status()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(policy + " (proctor.policy.file): no such file\n");
    assertThat(
            org.assertj.core.api.Assertions.catchThrowableOfType(
                    InvalidConfigException.class, () -> Main.read(dir.resolve("nothing.yaml")))
                .problems())
        .containsExactly("no such file");
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
