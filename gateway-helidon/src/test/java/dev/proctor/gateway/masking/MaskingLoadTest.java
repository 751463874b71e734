package dev.proctor.gateway.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proctor.format.Finding;
import dev.proctor.format.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules users bring and rules they switch off, from the gateway's masking settings. */
class MaskingLoadTest {
  @TempDir Path dir;

  @Test
  void aRulesFileAddsRulesAndDisabledRulesNoLongerMask() throws Exception {
    Path rules = dir.resolve("team.toml");
    Files.writeString(
        rules,
        """
        [[rules]]
        id = "acme-internal-token"
        description = "ACME internal service token"
        regex = '''acme_[a-z0-9]{24}'''
        keywords = ["acme_"]
        """);
    Masking masking =
        Masking.load(
            new MaskingSettings(
                dir.resolve("fingerprint.key"),
                MaskingPolicy.MASK,
                MaskingPolicy.MASK,
                Optional.of(rules),
                Set.of("aws-access-key-id")));

    JsonNode body =
        Json.mapper()
            .readTree(
                "{\"messages\":[{\"role\":\"user\",\"content\":"
                    + "\"use acme_0123456789abcdefghijklmn and AKIAQWERTYUIOPASDF23\"}]}");
    List<Finding> findings =
        masking.masker().apply(body, Finding.Direction.REQUEST, Finding.Action.MASKED);

    assertThat(findings).extracting(Finding::rule).containsExactly("acme-internal-token");
    assertThat(body.path("messages").path(0).path("content").asText())
        .matches("use \\[MASKED:acme-internal-token:[0-9a-f]{8}] and AKIAQWERTYUIOPASDF23");
  }

  @Test
  void aDisabledRuleThatDoesNotExistStopsTheStart() {
    assertThatThrownBy(
            () ->
                Masking.load(
                    new MaskingSettings(
                        dir.resolve("fingerprint.key"),
                        MaskingPolicy.MASK,
                        MaskingPolicy.MASK,
                        Optional.empty(),
                        Set.of("generic-secrets"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("proctor.masking.disabled-rules: no rule named generic-secrets");
  }
}
