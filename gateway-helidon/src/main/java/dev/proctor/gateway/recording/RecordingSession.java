package dev.proctor.gateway.recording;

import dev.proctor.format.EventChain;
import dev.proctor.format.EventData;
import dev.proctor.format.Hashes;
import dev.proctor.format.Manifest;
import dev.proctor.format.ManifestSigner;
import dev.proctor.format.Segments;
import dev.proctor.format.SessionClose;
import dev.proctor.format.SessionOpen;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One recorded session in the spool: appends chained events to the open segment file, seals
 * segments into gzip objects for upload, and on close signs the manifest.
 *
 * <p>Every append reaches the spool file (and, with fsync, the disk) before it returns, so the
 * caller forwards bytes only after they are recorded. All methods are synchronized: exchanges of
 * one session may run concurrently, and their events interleave in one chain.
 */
final class RecordingSession {
  private final String sid;
  private final SessionOpen open;
  private final Instant started;
  private final Path dir;
  private final RecordingSettings settings;
  private final Uploader uploader;
  private final ManifestSigner signer;
  private final Clock clock;
  private final EventChain chain;
  private final List<Manifest.Segment> sealed = new ArrayList<>();

  private FileOutputStream segment;
  private Path segmentFile;
  private long segmentFirstSeq;
  private int segmentEvents;
  private Instant segmentOpened;
  private long exchanges;
  private int inFlight;
  private Instant lastActivity;
  private boolean closed;

  RecordingSession(
      String sid,
      SessionOpen open,
      RecordingSettings settings,
      Uploader uploader,
      ManifestSigner signer,
      Clock clock)
      throws IOException {
    this.sid = sid;
    this.open = open;
    this.settings = settings;
    this.uploader = uploader;
    this.signer = signer;
    this.clock = clock;
    this.chain = EventChain.start(sid);
    this.started = clock.instant();
    this.lastActivity = started;
    this.dir = Files.createDirectories(settings.spoolDir().resolve("sessions").resolve(sid));
    append(Optional.empty(), open);
  }

  String sid() {
    return sid;
  }

  /** Counts a new exchange in; false when the session already closed (use a new one). */
  synchronized boolean beginExchange() {
    if (closed) {
      return false;
    }
    inFlight++;
    exchanges++;
    lastActivity = clock.instant();
    return true;
  }

  synchronized void endExchange() {
    inFlight--;
    lastActivity = clock.instant();
  }

  synchronized void append(Optional<String> xid, EventData data) throws IOException {
    if (closed) {
      throw new IllegalStateException("session " + sid + " is closed");
    }
    Instant now = clock.instant();
    EventChain.Link link = chain.append(now, xid, data);
    if (segment == null) {
      segmentFirstSeq = link.event().seq();
      segmentFile = dir.resolve(String.format("%08d.jsonl", segmentFirstSeq));
      segment = new FileOutputStream(segmentFile.toFile(), true);
      segmentOpened = now;
      segmentEvents = 0;
    }
    segment.write(link.line());
    segment.write('\n');
    segment.flush();
    if (settings.fsync()) {
      segment.getFD().sync();
    }
    segmentEvents++;
    lastActivity = now;
    if (segmentEvents >= settings.segmentMaxEvents()) {
      seal();
    }
  }

  /** Seals the open segment if it is older than the configured age. */
  synchronized void sealIfOlderThan(Duration age) throws IOException {
    if (segment != null && Duration.between(segmentOpened, clock.instant()).compareTo(age) >= 0) {
      seal();
    }
  }

  synchronized boolean idleLongerThan(Duration idle) {
    return inFlight == 0 && Duration.between(lastActivity, clock.instant()).compareTo(idle) >= 0;
  }

  /** Appends {@code session.close}, seals the last segment and queues the signed manifest. */
  synchronized void close(String reason) throws IOException {
    if (closed) {
      return;
    }
    append(Optional.empty(), new SessionClose(reason, exchanges));
    seal();
    closed = true;
    Manifest manifest =
        new Manifest(
            1,
            sid,
            new Manifest.Summary(
                open.identity().subject(),
                open.identity().issuer(),
                open.connection(),
                started,
                clock.instant(),
                exchanges,
                reason),
            sealed,
            chain.nextSeq(),
            chain.lastHash());
    Path file = dir.resolve("manifest.jws");
    writeAtomically(file, signer.sign(manifest).getBytes(StandardCharsets.US_ASCII));
    uploader.submit(
        new Uploader.Upload(file, settings.layout().manifestKey(sid), "application/jose"));
  }

  private void seal() throws IOException {
    if (segment == null) {
      return;
    }
    segment.close();
    segment = null;
    List<byte[]> lines = Segments.splitLines(Files.readAllBytes(segmentFile));
    byte[] object = Segments.gzip(lines);
    Path sealedFile = dir.resolve(String.format("%08d.jsonl.gz", segmentFirstSeq));
    writeAtomically(sealedFile, object);
    Files.delete(segmentFile);
    String key = settings.layout().segmentKey(sid, segmentFirstSeq);
    sealed.add(
        new Manifest.Segment(
            key,
            segmentFirstSeq,
            segmentFirstSeq + lines.size() - 1,
            lines.size(),
            Hashes.sha256Hex(object)));
    uploader.submit(new Uploader.Upload(sealedFile, key, "application/gzip"));
  }

  private static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
