package dev.proctor.gateway.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.format.Hashes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentObjectFileTest {
  @TempDir Path dir;
  final SegmentCompressor compressor = new SegmentCompressor();

  @AfterEach
  void stopCompressor() throws InterruptedException {
    compressor.close();
  }

  @Test
  void sealingLeavesOneGzipObjectOfTheLinesWithTheHashOfItsBytes() throws Exception {
    Path target = dir.resolve("00000000.jsonl.gz");
    SegmentObjectFile object = SegmentObjectFile.create(target, compressor);
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
    SegmentObjectFile.create(target, compressor).write("stale\n".getBytes(StandardCharsets.UTF_8));

    SegmentObjectFile again = SegmentObjectFile.create(target, compressor);
    again.write("fresh\n".getBytes(StandardCharsets.UTF_8));
    again.sealAs(target, false);

    assertThat(gunzip(Files.readAllBytes(target))).isEqualTo("fresh\n");
  }

  @Test
  void queuedLinesAreCompressedInTheBackgroundAndAWriterHelpsWhenTheQueueIsFull() throws Exception {
    Path target = dir.resolve("00000003.jsonl.gz");
    SegmentObjectFile object = SegmentObjectFile.create(target, compressor);
    Random random = new Random(7);
    StringBuilder written = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      String line = "{\"seq\":" + i + ",\"noise\":\"" + random.nextLong() + "\"}\n";
      object.write(line.getBytes(StandardCharsets.UTF_8));
      written.append(line);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (object.queuedBytes() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(SegmentCompressor.TICK.toMillis());
    }
    assertThat(object.queuedBytes()).as("compressed without a seal").isZero();

    byte[] big = new byte[SegmentObjectFile.MAX_QUEUED_BYTES / 4];
    Arrays.fill(big, (byte) 'x');
    big[big.length - 1] = '\n';
    for (int i = 0; i < 8; i++) {
      object.write(big);
      assertThat(object.queuedBytes()).isLessThanOrEqualTo(SegmentObjectFile.MAX_QUEUED_BYTES);
      written.append(new String(big, StandardCharsets.UTF_8));
    }
    String hash = object.sealAs(target, false);

    byte[] stored = Files.readAllBytes(target);
    assertThat(hash).isEqualTo(Hashes.sha256Hex(stored));
    assertThat(gunzip(stored)).isEqualTo(written.toString());
  }

  private static String gunzip(byte[] gz) throws Exception {
    try (var in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
