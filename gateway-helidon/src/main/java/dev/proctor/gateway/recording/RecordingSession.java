package dev.proctor.gateway.recording;

import dev.proctor.format.EventChain;
import dev.proctor.format.EventCodec;
import dev.proctor.format.EventData;
import dev.proctor.format.ExchangeEnd;
import dev.proctor.format.FormatException;
import dev.proctor.format.Hashes;
import dev.proctor.format.Manifest;
import dev.proctor.format.ManifestSigner;
import dev.proctor.format.Outcome;
import dev.proctor.format.Segments;
import dev.proctor.format.SessionClose;
import dev.proctor.format.SessionOpen;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One recorded session in the spool: appends chained events to the open segment file, seals
 * segments into gzip objects for upload, and on close signs the manifest.
 *
 * <p>Every append reaches the spool file (and, with fsync, the disk) before it returns, so the
 * caller forwards bytes only after they are recorded. All methods are synchronized: exchanges of
 * one session may run concurrently, and their events interleave in one chain.
 *
 * <p>The spool folder of a session holds {@code session.json} (its header), {@code segments.jsonl}
 * (a journal of sealed segments), at most one open segment {@code <seq>.jsonl} with its gzip object
 * in the making ({@code <seq>.jsonl.gz.part}, see {@link SegmentObjectFile}), sealed segments
 * {@code <seq>.jsonl.gz} until they are uploaded, and finally {@code manifest.jws}. {@link
 * #recover} finishes a session a crash left behind.
 */
final class RecordingSession {
  private final SpoolJournal.Header header;
  private final Path dir;
  private final RecordingSettings settings;
  private final Uploader uploader;
  private final SegmentCompressor compressor;
  private final ManifestSigner signer;
  private final Clock clock;
  private final EventChain chain;
  private final List<Manifest.Segment> sealed;
  private final ExchangeTally tally;

  private MappedSegmentFile segment;

  /** The open segment's gzip object, compressed as it grows, so sealing only finishes it. */
  private SegmentObjectFile segmentObject;

  private Path segmentFile;
  private long segmentFirstSeq;
  private int segmentEvents;
  private Instant segmentOpened;
  private int inFlight;
  private Instant lastActivity;
  private boolean closed;

  private RecordingSession(
      SpoolJournal.Header header,
      Path dir,
      RecordingSettings settings,
      Uploader uploader,
      SegmentCompressor compressor,
      ManifestSigner signer,
      Clock clock,
      EventChain chain,
      List<Manifest.Segment> sealed,
      ExchangeTally tally) {
    this.header = header;
    this.dir = dir;
    this.settings = settings;
    this.uploader = uploader;
    this.compressor = compressor;
    this.signer = signer;
    this.clock = clock;
    this.chain = chain;
    this.sealed = new ArrayList<>(sealed);
    this.tally = tally;
    this.lastActivity = clock.instant();
  }

  /** Starts a new session in the spool with its {@code session.open} event. */
  static RecordingSession create(
      String sid,
      SessionOpen open,
      RecordingSettings settings,
      Uploader uploader,
      SegmentCompressor compressor,
      ManifestSigner signer,
      Clock clock)
      throws IOException {
    Path dir = Files.createDirectories(sessionsDir(settings).resolve(sid));
    SpoolJournal.Header header =
        new SpoolJournal.Header(
            sid,
            open.identity().subject(),
            open.identity().issuer(),
            open.connection(),
            clock.instant());
    SpoolJournal.writeHeader(dir, header);
    RecordingSession session =
        new RecordingSession(
            header,
            dir,
            settings,
            uploader,
            compressor,
            signer,
            clock,
            EventChain.start(sid),
            List.of(),
            new ExchangeTally());
    session.append(Optional.empty(), open);
    return session;
  }

  static Path sessionsDir(RecordingSettings settings) {
    return settings.spoolDir().resolve("sessions");
  }

  /**
   * Finishes a session a crash left in the spool: re-queues its sealed segments and manifest, and
   * if it never closed, ends its unfinished exchanges as {@code interrupted}, closes it as {@code
   * recovered} and signs its manifest. Returns false for a folder with nothing recorded.
   */
  static boolean recover(
      Path dir,
      RecordingSettings settings,
      Uploader uploader,
      SegmentCompressor compressor,
      ManifestSigner signer,
      Clock clock)
      throws IOException {
    if (!Files.exists(dir.resolve(SpoolJournal.HEADER))) {
      deleteTree(dir); // crashed before anything was recorded
      return false;
    }
    SpoolJournal.Header header = SpoolJournal.readHeader(dir);
    List<SpoolJournal.Sealed> journal = new ArrayList<>(SpoolJournal.read(dir));
    for (Path gz : files(dir, ".jsonl.gz")) {
      long first = firstSeq(gz);
      if (journal.stream().noneMatch(j -> j.segment().firstSeq() == first)) {
        SpoolJournal.Sealed entry =
            sealedEntry(settings, header.sid(), first, Files.readAllBytes(gz), journal);
        SpoolJournal.append(dir, entry, settings.fsync());
        journal.add(entry);
      }
    }
    journal.sort((a, b) -> Long.compare(a.segment().firstSeq(), b.segment().firstSeq()));
    for (Path open : files(dir, ".jsonl")) {
      if (Files.exists(dir.resolve(open.getFileName() + ".gz"))) {
        Files.delete(open); // crashed mid-seal, after the gzip was complete
      }
    }
    for (Path part : files(dir, ".jsonl.gz" + SegmentObjectFile.SUFFIX)) {
      Files.delete(part); // derived from the open segment, and rebuilt from it below
    }
    for (SpoolJournal.Sealed entry : journal) {
      Path gz = sealedFile(dir, entry.segment().firstSeq());
      if (Files.exists(gz)) {
        uploader.submit(new Uploader.Upload(gz, entry.segment().key(), "application/gzip"));
      }
    }
    Path manifest = dir.resolve("manifest.jws");
    if (Files.exists(manifest)) {
      uploader.submit(
          new Uploader.Upload(
              manifest, settings.layout().manifestKey(header.sid()), "application/jose", true));
      return true;
    }

    SpoolJournal.Sealed last = journal.isEmpty() ? null : journal.getLast();
    long nextSeq = last == null ? 0 : last.segment().lastSeq() + 1;
    String lastHash = last == null ? "" : last.lastHash();
    ExchangeTally tally = ExchangeTally.after(journal);
    List<Path> openFiles = files(dir, ".jsonl");
    Optional<Path> openFile =
        openFiles.isEmpty() ? Optional.empty() : Optional.of(openFiles.getFirst());
    if (openFile.isPresent()) {
      byte[] text = truncateTornTail(openFile.get());
      for (byte[] line : Segments.splitLines(text)) {
        var event = EventCodec.decode(line);
        if (event.seq() != nextSeq) {
          throw new FormatException(
              openFile.get() + ": expected seq " + nextSeq + ", found " + event.seq());
        }
        tally.observe(event.xid(), event.data());
        nextSeq++;
        lastHash = Hashes.sha256Hex(line);
      }
    }
    RecordingSession session =
        new RecordingSession(
            header,
            dir,
            settings,
            uploader,
            compressor,
            signer,
            clock,
            EventChain.resume(header.sid(), nextSeq, lastHash),
            journal.stream().map(SpoolJournal.Sealed::segment).toList(),
            tally);
    if (openFile.isPresent() && Files.size(openFile.get()) > 0) {
      session.reopen(
          openFile.get(), firstSeq(openFile.get()), (int) (nextSeq - firstSeq(openFile.get())));
    } else if (openFile.isPresent()) {
      Files.delete(openFile.get());
    }
    for (String xid : tally.open()) {
      session.append(
          Optional.of(xid),
          new ExchangeEnd(
              Outcome.INTERRUPTED,
              0,
              0,
              0,
              Optional.empty(),
              Optional.empty(),
              List.of(),
              Optional.of(
                  "the gateway stopped before this exchange ended; its spool was recovered on restart")));
    }
    session.close("recovered");
    return true;
  }

  String sid() {
    return header.sid();
  }

  /** Counts a new exchange in; false when the session already closed (use a new one). */
  synchronized boolean beginExchange() {
    if (closed) {
      return false;
    }
    inFlight++;
    lastActivity = clock.instant();
    return true;
  }

  synchronized void endExchange() {
    inFlight--;
    lastActivity = clock.instant();
  }

  void append(Optional<String> xid, EventData data) throws IOException {
    byte[] encoded = EventCodec.encodeData(data); // the costly part, outside the lock
    synchronized (this) {
      write(link(xid, data, encoded, clock.instant()));
    }
  }

  /**
   * Appends two events of one exchange in one round of the lock and one write: {@code first} with
   * the time it happened, {@code second} now.
   */
  void appendPair(Optional<String> xid, EventData first, Instant firstAt, EventData second)
      throws IOException {
    byte[] firstEncoded = EventCodec.encodeData(first);
    byte[] secondEncoded = EventCodec.encodeData(second);
    synchronized (this) {
      byte[] firstLine = link(xid, first, firstEncoded, firstAt);
      byte[] secondLine = link(xid, second, secondEncoded, clock.instant());
      byte[] both = Arrays.copyOf(firstLine, firstLine.length + secondLine.length);
      System.arraycopy(secondLine, 0, both, firstLine.length, secondLine.length);
      write(both);
    }
  }

  /** Chains one event and returns its line, newline included; the caller writes it. */
  private byte[] link(Optional<String> xid, EventData data, byte[] encoded, Instant now)
      throws IOException {
    if (closed) {
      throw new IllegalStateException("session " + header.sid() + " is closed");
    }
    EventChain.Link link = chain.append(now, xid, data, encoded);
    if (segment == null) {
      reopen(dir.resolve(String.format("%08d.jsonl", link.event().seq())), link.event().seq(), 0);
    }
    tally.observe(xid, data);
    segmentEvents++;
    lastActivity = now;
    byte[] line = Arrays.copyOf(link.line(), link.line().length + 1);
    line[line.length - 1] = '\n';
    return line;
  }

  /** Writes chained lines to the open segment, then seals it when full. */
  private void write(byte[] lines) throws IOException {
    segment.write(lines);
    segmentObject.write(lines);
    if (settings.fsync()) {
      segment.force();
    }
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
    append(Optional.empty(), new SessionClose(reason, tally.begun()));
    seal();
    closed = true;
    Manifest manifest =
        new Manifest(
            1,
            header.sid(),
            new Manifest.Summary(
                header.subject(),
                header.issuer(),
                header.connection(),
                header.started(),
                clock.instant(),
                tally.begun(),
                reason),
            sealed,
            chain.nextSeq(),
            chain.lastHash());
    Path file = dir.resolve("manifest.jws");
    writeAtomically(file, signer.sign(manifest).getBytes(StandardCharsets.US_ASCII));
    uploader.submit(
        new Uploader.Upload(
            file, settings.layout().manifestKey(header.sid()), "application/jose", true));
  }

  private void reopen(Path file, long firstSeq, int events) throws IOException {
    segmentFile = file;
    segmentFirstSeq = firstSeq;
    segmentEvents = events;
    segmentOpened = clock.instant();
    segmentObject = SegmentObjectFile.create(sealedFile(dir, firstSeq), compressor);
    if (Files.exists(file)) { // recovery: what the file already holds goes into the object too
      segmentObject.write(Files.readAllBytes(file));
    }
    segment = MappedSegmentFile.open(file);
  }

  /** Order matters for recovery: gzip, then journal, then the open file goes, then upload. */
  private void seal() throws IOException {
    if (segment == null) {
      return;
    }
    segment.close();
    segment = null;
    Path sealedFile = sealedFile(dir, segmentFirstSeq);
    String objectHash = segmentObject.sealAs(sealedFile, settings.fsync());
    segmentObject = null;
    String key = settings.layout().segmentKey(header.sid(), segmentFirstSeq);
    Manifest.Segment entry =
        new Manifest.Segment(
            key,
            segmentFirstSeq,
            chain.nextSeq() - 1,
            (int) (chain.nextSeq() - segmentFirstSeq),
            objectHash);
    SpoolJournal.append(
        dir,
        new SpoolJournal.Sealed(entry, chain.lastHash(), tally.begun(), Set.copyOf(tally.open())),
        settings.fsync());
    Files.delete(segmentFile);
    sealed.add(entry);
    uploader.submit(new Uploader.Upload(sealedFile, key, "application/gzip"));
  }

  private static Path sealedFile(Path dir, long firstSeq) {
    return dir.resolve(String.format("%08d.jsonl.gz", firstSeq));
  }

  private static SpoolJournal.Sealed sealedEntry(
      RecordingSettings settings,
      String sid,
      long first,
      byte[] object,
      List<SpoolJournal.Sealed> before) {
    List<byte[]> lines = Segments.lines(object);
    ExchangeTally tally = ExchangeTally.after(before);
    for (byte[] line : lines) {
      var event = EventCodec.decode(line);
      tally.observe(event.xid(), event.data());
    }
    Manifest.Segment segment =
        new Manifest.Segment(
            settings.layout().segmentKey(sid, first),
            first,
            first + lines.size() - 1,
            lines.size(),
            Hashes.sha256Hex(object));
    return new SpoolJournal.Sealed(
        segment, Hashes.sha256Hex(lines.getLast()), tally.begun(), Set.copyOf(tally.open()));
  }

  /**
   * Drops bytes after the last newline: a line the crash cut short was never forwarded, and the
   * zeros after it are the unwritten rest of the file's last extent ({@link MappedSegmentFile}).
   */
  private static byte[] truncateTornTail(Path file) throws IOException {
    byte[] text = Files.readAllBytes(file);
    int end = text.length;
    while (end > 0 && text[end - 1] != '\n') {
      end--;
    }
    if (end != text.length) {
      text = Arrays.copyOf(text, end);
      Files.write(file, text);
    }
    return text;
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(
              p -> p.getFileName().toString().matches("\\d{8,}" + suffix.replace(".", "\\.")))
          .sorted()
          .toList();
    }
  }

  private static long firstSeq(Path file) {
    String name = file.getFileName().toString();
    return Long.parseLong(name.substring(0, name.indexOf('.')));
  }

  private static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
