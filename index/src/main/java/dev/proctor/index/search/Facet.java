package dev.proctor.index.search;

import java.util.Arrays;

/**
 * The dimensions results are counted and filtered by. Each is also a field of the query syntax:
 * {@code user:alice model:gpt-4o}.
 */
public enum Facet {
  USER("user"),
  GROUP("group"),
  CONNECTION("connection"),
  MODEL("model"),
  REPOSITORY("repository"),
  ENVIRONMENT("environment"),
  API("api"),
  OUTCOME("outcome"),
  FINDING_RULE("finding_rule"),
  FLAG_STATUS("flag_status"),
  INTEGRITY("integrity");

  private final String field;

  Facet(String field) {
    this.field = field;
  }

  /** The field name in documents, queries and JSON output. */
  public String field() {
    return field;
  }

  /**
   * @throws IllegalArgumentException naming the facets there are
   */
  public static Facet of(String field) {
    return Arrays.stream(values())
        .filter(f -> f.field.equals(field))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "facet: "
                        + field
                        + " (expected one of "
                        + Arrays.stream(values()).map(Facet::field).toList()
                        + ")"));
  }
}
