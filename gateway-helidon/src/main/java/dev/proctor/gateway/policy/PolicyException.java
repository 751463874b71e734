package dev.proctor.gateway.policy;

import java.util.List;

/** A policy file that cannot be used, with every problem found, one per line. */
public final class PolicyException extends Exception {
  private final List<String> problems;

  public PolicyException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
