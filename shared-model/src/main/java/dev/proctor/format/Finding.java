package dev.proctor.format;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A secret found in an exchange. The raw secret is never part of a finding: {@code fingerprint} is
 * a truncated HMAC-SHA256 of it under the organisation key.
 *
 * @param rule the scanner rule id, for example {@code github-pat}
 * @param direction whether the secret was in the request or in the response
 * @param path JSON path of the string value that held it, for example {@code $.messages[0].content}
 * @param offset character offset of the secret inside that value
 * @param length length of the secret in characters
 * @param action whether it was masked before it went on, or only detected
 * @param fingerprint hex HMAC-SHA256 prefix of the secret
 */
public record Finding(
    String rule,
    Direction direction,
    String path,
    int offset,
    int length,
    Action action,
    String fingerprint) {

  public Finding {
    requireNonNull(rule, "rule");
    requireNonNull(direction, "direction");
    requireNonNull(path, "path");
    requireNonNull(action, "action");
    requireNonNull(fingerprint, "fingerprint");
  }

  /** Where a finding was. */
  public enum Direction implements WireEnum.Named {
    REQUEST("request"),
    RESPONSE("response");

    private final String wireName;

    Direction(String wireName) {
      this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
      return wireName;
    }

    @JsonCreator
    public static Direction of(String wireName) {
      return WireEnum.parse(Direction.class, wireName);
    }
  }

  /** What the gateway did with a finding. */
  public enum Action implements WireEnum.Named {
    MASKED("masked"),
    DETECTED("detected");

    private final String wireName;

    Action(String wireName) {
      this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
      return wireName;
    }

    @JsonCreator
    public static Action of(String wireName) {
      return WireEnum.parse(Action.class, wireName);
    }
  }
}
