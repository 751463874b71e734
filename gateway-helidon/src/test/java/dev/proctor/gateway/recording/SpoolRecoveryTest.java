package dev.proctor.gateway.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import dev.proctor.format.ApiKind;
import dev.proctor.format.EventCodec;
import dev.proctor.format.ExchangeChunk;
import dev.proctor.format.ExchangeEnd;
import dev.proctor.format.ExchangeRequest;
import dev.proctor.format.ExchangeResponse;
import dev.proctor.format.ManifestSigner;
import dev.proctor.format.ManifestVerifier;
import dev.proctor.format.Outcome;
import dev.proctor.format.RecordLevel;
import dev.proctor.format.S3Layout;
import dev.proctor.format.Segments;
import dev.proctor.format.SessionOpen;
import dev.proctor.format.SessionVerifier;
import dev.proctor.format.Transcript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gateway stopped mid-exchange leaves a spool that the next start finishes and uploads. */
class SpoolRecoveryTest {
  @TempDir Path spool;
  final ECKey key = ManifestSigner.generateKey("k");
  final S3Layout layout = new S3Layout("");

  @Test
  void interruptedSessionIsClosedAsRecoveredWithItsOpenExchangeMarkedInterrupted()
      throws Exception {
    MemoryStore down = new MemoryStore();
    down.down = true;
    // seal every 3 events, on the appending thread, so part of the session is sealed
    Recorder first = recorder(down, 3, Runnable::run);
    ExchangeRecording done = first.begin("k", this::open, request("first question"));
    done.response(new ExchangeResponse(200, Map.of(), 1));
    done.end(end(Outcome.COMPLETED));
    ExchangeRecording cut = first.begin("k", this::open, request("second question"));
    cut.response(new ExchangeResponse(200, Map.of(), 1));
    cut.chunk(
        new ExchangeChunk(
            1, Optional.empty(), "{\"choices\":[{\"delta\":{\"content\":\"par\"}}]}"));
    // the process dies here: nothing was uploaded, nothing closed
    tearLinesAsACrashWould();

    Transcript t = restartAndReadTheVerifiedSession();
    assertThat(t.exchanges())
        .extracting(x -> x.end().orElseThrow().outcome())
        .containsExactly(Outcome.COMPLETED, Outcome.INTERRUPTED);
    assertThat(t.exchanges().get(1).responseText()).isEqualTo("par");
    assertThat(t.close())
        .get()
        .satisfies(
            c -> {
              assertThat(c.reason()).isEqualTo("recovered");
              assertThat(c.exchanges()).isEqualTo(2);
            });
    assertThat(Files.list(spool.resolve("sessions")).toList())
        .as("spool folder removed after upload")
        .isEmpty();
  }

  @Test
  void segmentsDetachedButNotYetSealedWhenTheGatewayStoppedAreSealedInOrderOnRestart()
      throws Exception {
    MemoryStore down = new MemoryStore();
    down.down = true;
    List<Runnable> heldSeals = new ArrayList<>();
    Recorder first = recorder(down, 3, heldSeals::add); // no seal runs before the process dies
    for (int i = 0; i < 3; i++) {
      ExchangeRecording x = first.begin("k", this::open, request("question " + i));
      x.response(new ExchangeResponse(200, Map.of(), 1));
      x.end(end(Outcome.COMPLETED));
    }
    assertThat(heldSeals).as("full segments handed to the sealer").hasSizeGreaterThan(1);
    assertThat(plainSegments())
        .as("appends went on into new segments while the full ones waited for sealing")
        .hasSize(heldSeals.size() + 1);
    // the process dies here, with every detached segment still a plain file in the spool

    Transcript t = restartAndReadTheVerifiedSession();
    assertThat(t.exchanges())
        .extracting(x -> x.end().orElseThrow().outcome())
        .containsExactly(Outcome.COMPLETED, Outcome.COMPLETED, Outcome.COMPLETED);
    assertThat(t.close()).get().satisfies(c -> assertThat(c.reason()).isEqualTo("recovered"));
    assertThat(Files.list(spool.resolve("sessions")).toList()).isEmpty();
  }

  @Test
  void aSealThatFailedIsRetriedByTheNextAndTheSessionStillVerifies() throws Exception {
    MemoryStore up = new MemoryStore();
    List<Runnable> heldSeals = new ArrayList<>();
    Recorder recorder = recorder(up, 3, heldSeals::add);
    ExchangeRecording first = recorder.begin("k", this::open, request("question 0"));
    first.response(new ExchangeResponse(200, Map.of(), 1));
    first.end(end(Outcome.COMPLETED));
    assertThat(heldSeals).as("the first segment filled up").isNotEmpty();
    Path firstSegment = plainSegments().getFirst();
    // the sealed object's name is taken by a directory with a file in it: the seal cannot finish
    Path blocker = firstSegment.resolveSibling(firstSegment.getFileName() + ".gz");
    Files.createDirectory(blocker);
    Files.writeString(blocker.resolve("in-the-way"), "x");
    heldSeals.removeFirst().run(); // fails, logged; the plain file stays

    assertThat(firstSegment).exists();
    assertThat(up.objects.keySet()).noneMatch(k -> k.endsWith(".jsonl.gz"));
    ExchangeRecording second = recorder.begin("k", this::open, request("question 1"));
    second.response(new ExchangeResponse(200, Map.of(), 1));
    second.end(end(Outcome.COMPLETED));

    Files.delete(blocker.resolve("in-the-way"));
    Files.delete(blocker);
    recorder.closeAll("test"); // seals what waits, the failed one first, then signs the manifest
    assertThat(recorder.awaitUploads(Duration.ofSeconds(10))).isTrue();
    recorder.close();

    Transcript t = verifiedTranscript(up);
    assertThat(t.exchanges())
        .extracting(x -> x.end().orElseThrow().outcome())
        .containsExactly(Outcome.COMPLETED, Outcome.COMPLETED);
    assertThat(t.close()).get().satisfies(c -> assertThat(c.reason()).isEqualTo("test"));
  }

  /** Starts a gateway on the spool a stopped one left, lets it upload, and reads what landed. */
  private Transcript restartAndReadTheVerifiedSession() throws Exception {
    MemoryStore up = new MemoryStore();
    Recorder second = recorder(up, 1000, null);
    assertThat(second.awaitUploads(Duration.ofSeconds(10))).isTrue();
    second.close();
    return verifiedTranscript(up);
  }

  /** The one session in {@code store}, after its manifest verified its chain and segments. */
  private Transcript verifiedTranscript(MemoryStore store) {
    String sid = onlySid(store);
    List<SessionVerifier.StoredSegment> segments = new ArrayList<>();
    String prefix = layout.sessionFolder(sid);
    store.objects.forEach(
        (k, v) -> {
          if (k.startsWith(prefix) && k.endsWith(".jsonl.gz")) {
            long first1 =
                Long.parseLong(k.substring(prefix.length(), k.indexOf('.', prefix.length())));
            segments.add(new SessionVerifier.StoredSegment(k, first1, v));
          }
        });
    String manifest = new String(store.objects.get(layout.manifestKey(sid)));
    assertThat(
            new SessionVerifier(new ManifestVerifier(new JWKSet(key.toPublicJWK())))
                .verify(sid, segments, Optional.of(manifest))
                .toString())
        .isEqualTo("verified");

    List<dev.proctor.format.Event> events = new ArrayList<>();
    for (var s :
        segments.stream().sorted((a, b) -> Long.compare(a.firstSeq(), b.firstSeq())).toList()) {
      Segments.lines(s.bytes()).forEach(l -> events.add(EventCodec.decode(l)));
    }
    return Transcript.of(events);
  }

  private void tearLinesAsACrashWould() throws IOException {
    try (var dirs = Files.list(spool.resolve("sessions"))) {
      Path dir = dirs.findFirst().orElseThrow();
      try (var files = Files.list(dir)) {
        Path open =
            files
                .filter(p -> p.getFileName().toString().matches("\\d{8}\\.jsonl"))
                .findFirst()
                .orElseThrow();
        // the file ends in the zeros of its unwritten extent; the crash cut a line short in them
        byte[] text = Files.readAllBytes(open);
        int end = text.length;
        while (end > 0 && text[end - 1] != '\n') {
          end--;
        }
        byte[] torn = "{\"v\":1,\"sid\":\"cut sho".getBytes(StandardCharsets.US_ASCII);
        assertThat(text.length - end).as("zeros after the last line").isGreaterThan(torn.length);
        System.arraycopy(torn, 0, text, end, torn.length);
        Files.write(open, text);
        // and the journal of sealed segments, appended to when the crash came
        Files.write(dir.resolve("segments.jsonl"), torn, java.nio.file.StandardOpenOption.APPEND);
      }
    }
  }

  private String onlySid(MemoryStore store) {
    return store.objects.keySet().stream()
        .map(layout::parse)
        .flatMap(Optional::stream)
        .map(S3Layout.SessionObject::sid)
        .distinct()
        .reduce(
            (a, b) -> {
              throw new AssertionError("more than one session");
            })
        .orElseThrow();
  }

  private Recorder recorder(ObjectStore store, int maxEvents, Executor sealer) throws IOException {
    return new Recorder(
        new RecordingSettings(
            spool, layout, maxEvents, Duration.ofHours(1), Duration.ofHours(1), false),
        store,
        new ManifestSigner(key),
        Clock.systemUTC(),
        sealer);
  }

  private List<Path> plainSegments() throws IOException {
    try (var dirs = Files.list(spool.resolve("sessions"))) {
      Path dir = dirs.findFirst().orElseThrow();
      try (var files = Files.list(dir)) {
        return files
            .filter(p -> p.getFileName().toString().matches("\\d{8}\\.jsonl"))
            .sorted()
            .toList();
      }
    }
  }

  private SessionOpen open() {
    return new SessionOpen(
        new SessionOpen.Identity(
            "iss", "alice", Optional.empty(), Optional.empty(), List.of(), Map.of()),
        new SessionOpen.Client("test", Map.of(), "127.0.0.1"),
        "c",
        Map.of(),
        "default",
        RecordLevel.FULL);
  }

  private static ExchangeRequest request(String prompt) {
    var body = dev.proctor.format.Json.mapper().createObjectNode();
    body.putArray("messages")
        .addObject()
        .put("role", "user")
        .set("content", TextNode.valueOf(prompt));
    return new ExchangeRequest(
        "POST",
        "/v1/chat/completions",
        ApiKind.OPENAI_CHAT,
        Optional.empty(),
        true,
        Map.of(),
        Optional.of(body),
        List.of());
  }

  private static ExchangeEnd end(Outcome outcome) {
    return new ExchangeEnd(
        outcome, 1, 1, 1, Optional.empty(), Optional.empty(), List.of(), Optional.empty());
  }
}
