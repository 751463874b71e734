package dev.proctor.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.format.AccessTransition;
import dev.proctor.format.EventCodec;
import dev.proctor.format.ManifestSigner;
import dev.proctor.format.S3Layout;
import dev.proctor.format.Segments;
import dev.proctor.gateway.recording.MemoryStore;
import dev.proctor.gateway.recording.ObjectStore;
import dev.proctor.gateway.recording.Recorder;
import dev.proctor.gateway.recording.RecordingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An audit entry is never lost to an S3 outage: it waits in the spool until S3 takes it. */
class AuditLogTest {
  @TempDir Path spool;
  final S3Layout layout = new S3Layout("");

  @Test
  void anEntryIsInTheStoreWhenRecordReturnsAndNotLeftInTheSpool() throws Exception {
    MemoryStore store = new MemoryStore();
    try (Recorder recorder = recorder(store)) {
      new AuditLog(recorder.spooledObjects(), layout, Clock.systemUTC()).record(opened("r1"));

      assertThat(auditKeys(store)).hasSize(1);
      assertThat(requestIdIn(store.objects.get(auditKeys(store).getFirst()))).isEqualTo("r1");
      assertThat(spooledFiles()).isEmpty();
    }
  }

  @Test
  void anEntryWrittenWhileTheStoreIsDownReachesItOnceItIsBack() throws Exception {
    MemoryStore store = new MemoryStore();
    try (Recorder recorder = recorder(store)) {
      store.down = true;
      new AuditLog(recorder.spooledObjects(), layout, Clock.systemUTC()).record(opened("r2"));
      assertThat(auditKeys(store)).isEmpty();
      assertThat(spooledFiles()).hasSize(1);

      store.down = false;
      assertThat(recorder.awaitUploads(Duration.ofSeconds(10))).isTrue();

      assertThat(auditKeys(store)).hasSize(1);
      assertThat(requestIdIn(store.objects.get(auditKeys(store).getFirst()))).isEqualTo("r2");
      assertThat(spooledFiles()).isEmpty();
    }
  }

  @Test
  void anEntryAStoppedGatewayLeftInTheSpoolIsUploadedByTheNextStart() throws Exception {
    MemoryStore down = new MemoryStore();
    down.down = true;
    Recorder first = recorder(down);
    new AuditLog(first.spooledObjects(), layout, Clock.systemUTC()).record(opened("r3"));
    // the gateway dies here, S3 still down: the entry is only in the spool
    assertThat(spooledFiles()).hasSize(1);

    MemoryStore up = new MemoryStore();
    try (Recorder second = recorder(up)) {
      assertThat(second.awaitUploads(Duration.ofSeconds(10))).isTrue();
    }

    assertThat(auditKeys(up)).hasSize(1);
    assertThat(requestIdIn(up.objects.get(auditKeys(up).getFirst()))).isEqualTo("r3");
    assertThat(spooledFiles()).isEmpty();
  }

  private static List<String> auditKeys(MemoryStore store) {
    return store.objects.keySet().stream().filter(k -> k.startsWith("v1/audit/")).toList();
  }

  private Recorder recorder(ObjectStore store) throws IOException {
    return new Recorder(
        new RecordingSettings(spool, layout, 1000, Duration.ofHours(1), Duration.ofHours(1), false),
        store,
        new ManifestSigner(ManifestSigner.generateKey("k")),
        Clock.systemUTC());
  }

  private static AccessTransition opened(String requestId) {
    return new AccessTransition(
        requestId,
        "opened",
        "carol",
        "deploy",
        "carol",
        "openai",
        "contractors",
        Optional.empty(),
        "pending",
        Optional.empty());
  }

  private static String requestIdIn(byte[] object) {
    List<byte[]> lines = Segments.lines(object);
    assertThat(lines).hasSize(1);
    return ((AccessTransition) EventCodec.decode(lines.getFirst()).data()).requestId();
  }

  private List<Path> spooledFiles() throws IOException {
    Path objects = spool.resolve("objects");
    if (!Files.isDirectory(objects)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(objects)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }
}
