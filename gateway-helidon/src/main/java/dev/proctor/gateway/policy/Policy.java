package dev.proctor.gateway.policy;

import dev.proctor.format.RecordLevel;
import java.util.List;
import java.util.Optional;

/**
 * The ordered rules; the first that matches a call decides it, and a call no rule matches is
 * denied.
 *
 * @param source where the rules came from, for messages
 */
public record Policy(String source, List<PolicyRule> rules) {
  public Policy {
    rules = List.copyOf(rules);
  }

  /** The rule that decides {@code call}; empty when none matches, which denies it. */
  public Optional<PolicyRule> decide(PolicyCall call) {
    for (PolicyRule rule : rules) {
      if (rule.match().matches(call)) {
        return Optional.of(rule);
      }
    }
    return Optional.empty();
  }

  /** Allows every call, with the gateway's own masking: for a gateway run without a policy file. */
  public static Policy allowAll() {
    return new Policy(
        "(no policy file: every authenticated call is allowed)",
        List.of(
            new PolicyRule(
                "allow-all",
                Match.ANY,
                true,
                "",
                RecordLevel.FULL,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                true,
                0)));
  }
}
