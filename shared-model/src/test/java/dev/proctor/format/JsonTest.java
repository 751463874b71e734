package dev.proctor.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          {"model":"sim-1","messages":[ | Unexpected end-of-input: expected close marker for Array at line 1, column 30
          {"model":                     | Unexpected end-of-input within/between Object entries at line 1, column 10
          {"model": sim-1}              | Unrecognized token 'sim': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') at line 1, column 11
          {"a":1}{"b":2}                | Trailing token (of type START_OBJECT) found after value at line 1, column 8
          {"a":{"b":1,"b":2}}           | Duplicate field 'b' at line 1, column 17
          """)
  void describesTheProblemWithoutJacksonsNotesForProgrammers(String text, String described) {
    JsonProcessingException e =
        catchThrowableOfType(
            JsonProcessingException.class,
            () ->
                Json.mapper()
                    .reader()
                    .with(
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                    .readTree(text));

    assertThat(Json.describe(e)).isEqualTo(described);
  }
}
