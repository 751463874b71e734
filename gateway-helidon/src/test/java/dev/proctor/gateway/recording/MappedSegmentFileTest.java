package dev.proctor.gateway.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedSegmentFileTest {
  @TempDir Path dir;

  @Test
  void linesOverManyExtentsAndOneLargerThanAnyReadBackExactlyAfterClose() throws Exception {
    Path file = dir.resolve("00000000.jsonl");
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    try (MappedSegmentFile segment = MappedSegmentFile.open(file)) {
      for (int i = 0; i < 40_000; i++) {
        byte[] line = line(i, i % 1000 == 0 ? 300 : 40);
        segment.write(line);
        written.write(line);
      }
      byte[] huge = line(-1, 3 * MappedSegmentFile.MAX_EXTENT);
      segment.write(huge);
      written.write(huge);
      segment.write(line(40_001, 10));
      written.write(line(40_001, 10));
      segment.force();
      assertThat(segment.length()).isEqualTo(written.size());
    }

    assertThat(Files.readAllBytes(file)).isEqualTo(written.toByteArray());
  }

  @Test
  void aCrashLeavesTheLinesFollowedByTheZerosOfTheUnwrittenExtent() throws Exception {
    Path file = dir.resolve("00000005.jsonl");
    MappedSegmentFile segment = MappedSegmentFile.open(file);
    segment.write(line(1, 20));
    segment.write(line(2, 20));
    // the gateway dies here: no close, so no truncation

    byte[] onDisk = Files.readAllBytes(file);
    byte[] lines = concat(line(1, 20), line(2, 20));
    assertThat(onDisk).hasSize(MappedSegmentFile.FIRST_EXTENT);
    assertThat(Arrays.copyOf(onDisk, lines.length)).isEqualTo(lines);
    assertThat(Arrays.copyOfRange(onDisk, lines.length, onDisk.length)).containsOnly(0);
    segment.close();
  }

  @Test
  void reopeningAppendsAfterWhatTheFileHolds() throws Exception {
    Path file = dir.resolve("00000009.jsonl");
    Files.write(file, line(1, 5));

    try (MappedSegmentFile segment = MappedSegmentFile.open(file)) {
      segment.write(line(2, 5));
    }

    assertThat(Files.readAllBytes(file)).isEqualTo(concat(line(1, 5), line(2, 5)));
  }

  @Test
  void aFullDiskFailsTheWriteThatGrowsTheFileAndKeepsWhatWasWritten() throws Exception {
    Path small = Files.createDirectories(dir.resolve("small"));
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small.toString())
            .redirectErrorStream(true)
            .start();
    String said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assumeTrue(mount.waitFor() == 0, "a small file system needs mount(8) as root: " + said);
    try {
      Path file = small.resolve("00000000.jsonl");
      ByteArrayOutputStream written = new ByteArrayOutputStream();
      try (MappedSegmentFile segment = MappedSegmentFile.open(file)) {
        byte[] line = line(0, 1000);
        assertThatThrownBy(
                () -> {
                  for (int i = 0; i < 1000; i++) { // 1.5 MB into 256 KiB
                    segment.write(line);
                    written.write(line);
                  }
                })
            .isInstanceOf(IOException.class)
            .hasMessageContaining("No space left on device");
        assertThat(segment.length()).isEqualTo(written.size()).isGreaterThan(0);
      }

      assertThat(Files.readAllBytes(file)).isEqualTo(written.toByteArray());
    } finally {
      new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
    }
  }

  private static byte[] line(int seq, int textLength) {
    return ("{\"seq\":" + seq + ",\"text\":\"" + "é".repeat(textLength / 2) + "\"}\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
