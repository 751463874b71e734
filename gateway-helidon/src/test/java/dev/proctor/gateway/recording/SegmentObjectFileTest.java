package dev.proctor.gateway.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.format.Hashes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentObjectFileTest {
  @TempDir Path dir;

  @Test
  void sealingLeavesOneGzipObjectOfTheLinesWithTheHashOfItsBytes() throws Exception {
    Path target = dir.resolve("00000000.jsonl.gz");
    SegmentObjectFile object = SegmentObjectFile.create(target);
    StringBuilder written = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      String line = "{\"seq\":" + i + ",\"text\":\"line " + i + "\"}\n";
      object.write(line.getBytes(StandardCharsets.UTF_8));
      written.append(line);
    }

    String hash = object.sealAs(target, true);

    byte[] stored = Files.readAllBytes(target);
    assertThat(hash).isEqualTo(Hashes.sha256Hex(stored));
    assertThat(gunzip(stored)).isEqualTo(written.toString());
    assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
        .as("the .part file became the object")
        .containsExactly("00000000.jsonl.gz");
  }

  @Test
  void startingOverDiscardsWhatAnEarlierRunLeftInThePartFile() throws Exception {
    Path target = dir.resolve("00000007.jsonl.gz");
    SegmentObjectFile.create(target).write("stale\n".getBytes(StandardCharsets.UTF_8));

    SegmentObjectFile again = SegmentObjectFile.create(target);
    again.write("fresh\n".getBytes(StandardCharsets.UTF_8));
    again.sealAs(target, false);

    assertThat(gunzip(Files.readAllBytes(target))).isEqualTo("fresh\n");
  }

  private static String gunzip(byte[] gz) throws Exception {
    try (var in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
