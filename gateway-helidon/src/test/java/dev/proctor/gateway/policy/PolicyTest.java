package dev.proctor.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proctor.format.RecordLevel;
import dev.proctor.gateway.identity.Caller;
import dev.proctor.gateway.masking.MaskingPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy language: matching, first match wins, default deny, validation, reloading. */
class PolicyTest {
  static final String CORP = "https://idp.example.com/corp";
  static final String ACTIONS = "https://token.actions.githubusercontent.com";

  /**
   * The worked example of docs/policy.md, read from the page itself: the first {@code yaml} block
   * after its "Worked examples" heading.
   */
  static String workedExample() throws IOException {
    String page = Files.readString(Path.of("../docs/policy.md"));
    Matcher block = Pattern.compile("(?s)## Worked examples.*?```yaml\n(.*?)```").matcher(page);
    assertThat(block.find()).as("docs/policy.md has a worked example").isTrue();
    return block.group(1);
  }

  @Test
  void tokenCountsCanBeRecordedWithoutBodiesAsDocsPolicyShows() throws Exception {
    Policy policy =
        PolicyParser.parse(
            """
            rules:
              - name: developers-token-counts
                match: {groups: [developers], path: "*/count_tokens"}
                record: metadata
              - name: developers
                match: {groups: [developers]}
            """,
            "policy.yaml");
    Caller alice = corp("alice", "developers");
    assertThat(rule(policy, alice, "anthropic", "/v1/messages/count_tokens"))
        .contains("developers-token-counts");
    assertThat(
            policy
                .decide(
                    new PolicyCall(
                        alice, "anthropic", Optional.of("claude"), "/v1/messages/count_tokens"))
                .orElseThrow()
                .record())
        .isEqualTo(RecordLevel.METADATA);
    assertThat(rule(policy, alice, "anthropic", "/v1/messages")).contains("developers");
  }

  @Test
  void theFirstMatchingRuleDecidesAndAnUnmatchedCallIsDenied() throws Exception {
    Policy policy = PolicyParser.parse(workedExample(), "policy.yaml");

    assertThat(rule(policy, corp("carol", "contractors"), "openai", "/v1/chat/completions"))
        .contains("contractors-need-approval");
    assertThat(
            rule(policy, ci("acme/prod-billing", "production"), "openai", "/v1/chat/completions"))
        .contains("ci-on-production-needs-approval");
    assertThat(rule(policy, ci("acme/prod-billing", "staging"), "openai", "/v1/chat/completions"))
        .contains("ci-elsewhere");
    assertThat(rule(policy, ci("acme/tools", "production"), "openai", "/v1/embeddings"))
        .contains("no-embeddings-for-ci");
    assertThat(rule(policy, corp("alice", "developers"), "copilot", "/chat/completions"))
        .contains("developers-use-copilot-masked");
    assertThat(rule(policy, corp("alice", "developers"), "openai", "/v1/chat/completions"))
        .isEmpty(); // no rule: denied

    PolicyRule contractors = policy.rules().getFirst();
    assertThat(contractors.approval())
        .contains(
            new Approval(
                List.of("engineering-leads"), 1, Duration.ofHours(8), Duration.ofMinutes(2)));
    assertThat(policy.rules().get(1).approval())
        .contains(
            new Approval(
                List.of("release-managers"), 2, Duration.ofHours(1), Duration.ofMinutes(5)));
    assertThat(policy.rules().get(2).allow()).isFalse();
    assertThat(policy.rules().get(2).denyMessage())
        .isEqualTo("CI jobs may not create embeddings; use the batch pipeline.");
    assertThat(policy.rules().get(3).record()).isEqualTo(RecordLevel.METADATA);
    assertThat(policy.rules().get(4).maskRequest()).contains(MaskingPolicy.MASK);
    assertThat(policy.rules().get(1).line()).isEqualTo(15);
  }

  @Test
  void everyProblemOfAFileIsReportedWithItsLineAndWhatWasExpected() {
    String bad =
        """
        rules:
          - name: one
            match:
              gruops: [developers]
            action: permit
          - name: one
            record: everything
            approval:
              approvers: []
              hold: soon
          - name: denied
            action: deny
            approval: {approvers: [leads]}
          - match: {connection: [[nested]]}
        """;

    assertThatThrownBy(() -> PolicyParser.parse(bad, "policy.yaml"))
        .isInstanceOf(PolicyException.class)
        .satisfies(
            e ->
                assertThat(((PolicyException) e).problems())
                    .containsExactly(
                        "policy.yaml:4:7: rules[0].match: unknown key 'gruops' (expected one of:"
                            + " claims, connection, groups, issuer, model, path, subject)",
                        "policy.yaml:5:13: rules[0].action: expected allow or deny, got 'permit'",
                        "policy.yaml:7:13: rules[1].record: expected full, metadata or off, got"
                            + " 'everything'",
                        "policy.yaml:9:7: rules[1].approval.approvers: expected at least one"
                            + " approver group",
                        "policy.yaml:10:13: rules[1].approval.hold: expected a positive duration"
                            + " such as 90s, 30m, 8h or PT8H, got 'soon'",
                        "policy.yaml:13:15: rules[2].approval: a deny rule cannot ask for approval",
                        "policy.yaml:14:5: rules[3]: missing 'name'",
                        "policy.yaml:14:26: rules[3].match.connection: expected a string or a list"
                            + " of strings"));
  }

  @Test
  void malformedYamlIsRejectedWithItsLine() {
    assertThatThrownBy(
            () -> PolicyParser.parse("rules:\n  - name: a\n    match: {groups: [x\n", "p.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageStartingWith("p.yaml:4:1: not valid YAML:");
  }

  @Test
  void aChangedFileIsReloadedAndABadOneKeepsTheLastGoodPolicy(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, "rules:\n  - name: first\n");
    try (PolicySource source = PolicySource.watching(file, Duration.ofDays(1))) {
      assertThat(source.current().rules()).extracting(PolicyRule::name).containsExactly("first");

      Files.writeString(file, "rules:\n  - name: second\n    action: deny\n");
      touch(file, 1);
      assertThat(source.reloadIfChanged()).isTrue();
      assertThat(source.current().rules()).extracting(PolicyRule::name).containsExactly("second");

      Files.writeString(file, "rules:\n  - name: third\n    action: maybe\n");
      touch(file, 2);
      assertThat(source.reloadIfChanged()).isFalse();
      assertThat(source.current().rules()).extracting(PolicyRule::name).containsExactly("second");
    }
  }

  @Test
  void globsMatchWholeValuesWithStarsAndQuestionMarks() {
    assertThat(new Glob("acme/prod-*").matches("acme/prod-billing")).isTrue();
    assertThat(new Glob("acme/prod-*").matches("acme/production")).isFalse();
    assertThat(new Glob("*/embeddings").matches("/v1/embeddings")).isTrue();
    assertThat(new Glob("gpt-4?").matches("gpt-4o")).isTrue();
    assertThat(new Glob("gpt-4?").matches("gpt-4o-mini")).isFalse();
    assertThat(new Glob("*a*a*a*a*b").matches("a".repeat(10_000))).isFalse();
  }

  private static void touch(Path file, int seconds) throws Exception {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(seconds)));
  }

  private static Optional<String> rule(
      Policy policy, Caller caller, String connection, String path) {
    return policy
        .decide(new PolicyCall(caller, connection, Optional.of("gpt-4o"), path))
        .map(PolicyRule::name);
  }

  static Caller corp(String subject, String... groups) {
    return new Caller(CORP, subject, Optional.empty(), Optional.empty(), List.of(groups), Map.of());
  }

  static Caller ci(String repository, String environment) {
    return new Caller(
        ACTIONS,
        "repo:" + repository + ":environment:" + environment,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Map.of("repository", repository, "environment", environment));
  }
}
