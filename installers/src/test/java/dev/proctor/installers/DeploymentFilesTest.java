package dev.proctor.installers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.gateway.GatewayConfig;
import dev.proctor.gateway.policy.Policy;
import dev.proctor.gateway.policy.PolicyParser;
import dev.proctor.gateway.policy.PolicyRule;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The files that ship with the gateway agree with the gateway's own config reader. */
class DeploymentFilesTest {
  private static final Path DEPLOY = Path.of("src/main/deploy");

  @Test
  void packagedConfigIsReadByTheGateway() {
    GatewayConfig config =
        GatewayConfig.from(Config.just(ConfigSources.file(DEPLOY.resolve("gateway.yaml"))));

    assertThat(config.connections())
        .extracting(c -> c.name())
        .containsExactly("openai", "anthropic");
    assertThat(config.issuers()).hasSize(2);
    assertThat(config.issuers().get(1).trustedAttributes())
        .containsExactly("repository", "environment", "ref");
    assertThat(config.recording().spoolDir()).isEqualTo(Path.of("/var/lib/proctor/spool"));
    assertThat(config.recording().idleTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.s3().encryption()).isEqualTo("sse-s3");
    assertThat(config.masking().fingerprintKeyFile())
        .isEqualTo(Path.of("/etc/proctor/secrets/fingerprint.key"));
    assertThat(config.masking().disabledRules()).isEmpty();
    assertThat(config.policy().file()).contains(Path.of("/etc/proctor/policy.yaml"));
    assertThat(config.connections().getFirst().credential().toString())
        .isEqualTo("Authorization from file /etc/proctor/secrets/openai-api-key");
  }

  @Test
  void packagedPolicyIsValid() throws Exception {
    Policy policy = PolicyParser.read(DEPLOY.resolve("policy.yaml"));

    assertThat(policy.rules())
        .extracting(PolicyRule::name)
        .containsExactly(
            "contractors-need-approval", "ci-on-production-needs-approval", "ci", "developers");
  }

  @Test
  void systemdUnitRunsAsTheDedicatedUserWithThePackagedConfig() throws IOException {
    List<String> unit = Files.readAllLines(DEPLOY.resolve("proctor-gateway.service"));

    assertThat(unit)
        .contains("User=proctor", "ReadWritePaths=/var/lib/proctor", "NoNewPrivileges=true");
    assertThat(unit)
        .anyMatch(
            l -> l.startsWith("ExecStart=") && l.endsWith("--config /etc/proctor/gateway.yaml"));
  }
}
