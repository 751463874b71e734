package dev.proctor.index.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.format.S3Layout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreTest {
  @TempDir Path dir;

  @Test
  void whatWasSyncedIsKnownAgainAfterARestart() throws Exception {
    String key = "v1/sessions/2026/11/24/01M86J8JKHX4A39ED1QK5ST738/00000000.jsonl.gz";
    LocalStore before = new LocalStore(dir, new S3Layout(""));
    before.put(key, "segment".getBytes(StandardCharsets.UTF_8), "\"e1\"");
    before.settle("2026/11/20/");
    before.saveState();

    LocalStore after = new LocalStore(dir, new S3Layout(""));
    assertThat(after.etag(key)).contains("\"e1\"");
    assertThat(after.keys("v1/sessions/2026/11/24/")).containsExactly(key);
    assertThat(after.isSettled("2026/11/20/")).isTrue();
    assertThat(after.sessionIds()).containsExactly("01M86J8JKHX4A39ED1QK5ST738");
  }
}
