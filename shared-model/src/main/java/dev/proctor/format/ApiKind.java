package dev.proctor.format;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which model API an exchange spoke; decides how its body and stream are understood. */
public enum ApiKind implements WireEnum.Named {
  OPENAI_CHAT("openai.chat"),
  OPENAI_COMPLETIONS("openai.completions"),
  OPENAI_RESPONSES("openai.responses"),
  ANTHROPIC_MESSAGES("anthropic.messages"),
  RAW("raw");

  private final String wireName;

  ApiKind(String wireName) {
    this.wireName = wireName;
  }

  @Override
  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static ApiKind of(String wireName) {
    return WireEnum.parse(ApiKind.class, wireName);
  }
}
