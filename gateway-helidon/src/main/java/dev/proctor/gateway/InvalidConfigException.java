package dev.proctor.gateway;

import java.util.List;

/** A gateway config the gateway cannot run with, and every reason why, one line each. */
public final class InvalidConfigException extends IllegalArgumentException {
  private final List<String> problems;

  InvalidConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, as {@code <key>: expected <what>, got '<value>'} where it is about a value. */
  public List<String> problems() {
    return problems;
  }
}
