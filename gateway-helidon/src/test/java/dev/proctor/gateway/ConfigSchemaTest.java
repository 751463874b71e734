package dev.proctor.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigSchemaTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          proctor.sessions.idle-timout          | proctor.sessions.idle-timout (did you mean idle-timeout?)
          proctor.connections.0.credentail.file | proctor.connections.0.credentail.file (did you mean credential?)
          proctor.recording.s3.bukcet           | proctor.recording.s3.bukcet (did you mean bucket?)
          proctor.frobnicate                    | proctor.frobnicate
          proctor.recording.s3.kms              | proctor.recording.s3.kms
          """)
  void anUnknownKeyNamesTheKnownOneItIsATypoOf(String key, String shown) {
    assertThat(ConfigSchema.withSuggestion(key)).isEqualTo(shown);
  }
}
