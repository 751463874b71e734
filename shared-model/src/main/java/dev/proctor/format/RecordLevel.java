package dev.proctor.format;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How much of an exchange a policy rule lets the gateway record. */
public enum RecordLevel implements WireEnum.Named {
  /** Bodies, chunks and metadata. */
  FULL("full"),
  /** Metadata only: no bodies and no chunk data. */
  METADATA("metadata"),
  /** Nothing is recorded. */
  OFF("off");

  private final String wireName;

  RecordLevel(String wireName) {
    this.wireName = wireName;
  }

  @Override
  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static RecordLevel of(String wireName) {
    return WireEnum.parse(RecordLevel.class, wireName);
  }
}
