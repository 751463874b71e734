package dev.proctor.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BucketSettingsTest {
  @TempDir Path home;

  private ProctorPaths paths(String indexJson) throws Exception {
    ProctorPaths paths = new ProctorPaths(home.resolve("config"), home.resolve("data"));
    Files.createDirectories(paths.config());
    Files.writeString(paths.config().resolve("index.json"), indexJson);
    return paths;
  }

  @Test
  void readsEveryKeyOfIndexJson() throws Exception {
    BucketSettings s =
        BucketSettings.load(
            paths(
                """
                {"endpoint": "http://minio:9000", "region": "eu-west-1", "bucket": "rec",
                 "prefix": "team-a/", "profile": "investigators",
                 "trusted_keys": "/etc/proctor/keys.jwks.json", "parallel_downloads": 16}
                """));
    assertThat(s.endpoint()).contains(URI.create("http://minio:9000"));
    assertThat(s.region()).isEqualTo("eu-west-1");
    assertThat(s.prefix()).isEqualTo("team-a/");
    assertThat(s.profile()).contains("investigators");
    assertThat(s.accessKey()).isEmpty();
    assertThat(s.trustedKeys()).contains(Path.of("/etc/proctor/keys.jwks.json"));
    assertThat(s.parallelism()).isEqualTo(16);
  }

  @Test
  void defaultsAndErrorsSayWhatIsExpected() throws Exception {
    BucketSettings s = BucketSettings.load(paths("{\"bucket\": \"rec\"}"));
    assertThat(s.region()).isEqualTo("us-east-1");
    assertThat(s.endpoint()).isEqualTo(Optional.empty());
    assertThat(s.parallelism()).isEqualTo(8);

    assertThatThrownBy(() -> BucketSettings.load(paths("{\"region\": \"x\"}")))
        .hasMessageEndingWith("index.json: missing \"bucket\"");
    assertThatThrownBy(
            () -> BucketSettings.load(paths("{\"bucket\": \"rec\", \"parallel_downloads\": 0}")))
        .hasMessage("parallel_downloads: 0 (expected: 1 to 64)");
  }
}
