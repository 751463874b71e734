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
import java.lang.System.Logger.Level;
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
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Stream;

/**
 * One recorded session in the spool: appends chained events to the open segment file, seals
 * segments into gzip objects for upload, and on close signs the manifest.
 *
 * <p>Every append reaches the spool file (and, with fsync, the disk) before it returns, so the
 * caller forwards bytes only after they are recorded. Exchanges of one session may run
 * concurrently: their events interleave in one chain under the session's lock.
 *
 * <p>Sealing happens in two steps. Under the lock, a full or old segment is only detached: the next
 * event starts a new segment file. Its sealing (closing the mapping, finishing the gzip object, the
 * journal line, deleting the plain file, queueing the upload) runs afterwards under a lock of its
 * own, one segment at a time in chain order, so no exchange waits for file-system work that took
 * 2–30 ms (measured under load) while it held the session's lock.
 *
 * <p>The spool folder of a session holds {@code session.json} (its header), {@code segments.jsonl}
 * (a journal of sealed segments), the open segment {@code <seq>.jsonl} and any detached ones not
 * yet sealed, each with its gzip object in the making ({@code <seq>.jsonl.gz.part}, see {@link
 * SegmentObjectFile}), sealed segments {@code <seq>.jsonl.gz} until they are uploaded, and finally
 * {@code manifest.jws}. {@link #recover} finishes a session a crash left behind.
 */
final class RecordingSession {
  private static final System.Logger LOG = System.getLogger(RecordingSession.class.getName());

  private final SpoolJournal.Header header;
  private final Path dir;
  private final RecordingSettings settings;
  private final Uploader uploader;
  private final SegmentCompressor compressor;
  private final ManifestSigner signer;
  private final Clock clock;
  private final EventChain chain;
  private final Executor sealer;
  private final ExchangeTally tally;

  /** Segments detached from the chain, oldest first, not yet sealed; see {@link #finishSeals}. */
  private final Queue<Detached> detached = new ConcurrentLinkedQueue<>();

  /** Held while sealing, never together with the session's lock; guards {@link #sealed}. */
  private final Object sealLock = new Object();

  private final List<Manifest.Segment> sealed;

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
      Executor sealer,
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
    this.sealer = sealer;
    this.chain = chain;
    this.sealed = new ArrayList<>(sealed);
    this.tally = tally;
    this.lastActivity = clock.instant();
  }

  /**
   * Starts a new session in the spool with its {@code session.open} event.
   *
   * @param sealer where a segment that filled up is sealed, off the thread that filled it
   */
  static RecordingSession create(
      String sid,
      SessionOpen open,
      RecordingSettings settings,
      Uploader uploader,
      SegmentCompressor compressor,
      ManifestSigner signer,
      Clock clock,
      Executor sealer)
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
            sealer,
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
      Clock clock,
      Executor sealer)
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
    // every plain segment left (the open one, and any detached but not yet sealed) is sealed as
    // it is; the events recovery appends start a new segment
    List<Detached> unsealed = new ArrayList<>();
    for (Path file : files(dir, ".jsonl")) {
      byte[] text = truncateTornTail(file);
      if (text.length == 0) {
        Files.delete(file);
        continue;
      }
      long first = nextSeq;
      for (byte[] line : Segments.splitLines(text)) {
        var event = EventCodec.decode(line);
        if (event.seq() != nextSeq) {
          throw new FormatException(file + ": expected seq " + nextSeq + ", found " + event.seq());
        }
        tally.observe(event.xid(), event.data());
        nextSeq++;
        lastHash = Hashes.sha256Hex(line);
      }
      unsealed.add(
          new Detached(
              file,
              first,
              nextSeq - 1,
              lastHash,
              tally.begun(),
              Set.copyOf(tally.open()),
              null,
              null));
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
            sealer,
            EventChain.resume(header.sid(), nextSeq, lastHash),
            journal.stream().map(SpoolJournal.Sealed::segment).toList(),
            tally);
    session.detached.addAll(unsealed);
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
    boolean full;
    synchronized (this) {
      full = write(link(xid, data, encoded, clock.instant()));
    }
    if (full) {
      sealLater();
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
    boolean full;
    synchronized (this) {
      byte[] firstLine = link(xid, first, firstEncoded, firstAt);
      byte[] secondLine = link(xid, second, secondEncoded, clock.instant());
      byte[] both = Arrays.copyOf(firstLine, firstLine.length + secondLine.length);
      System.arraycopy(secondLine, 0, both, firstLine.length, secondLine.length);
      full = write(both);
    }
    if (full) {
      sealLater();
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
      open(dir.resolve(String.format("%08d.jsonl", link.event().seq())), link.event().seq());
    }
    tally.observe(xid, data);
    segmentEvents++;
    lastActivity = now;
    byte[] line = Arrays.copyOf(link.line(), link.line().length + 1);
    line[line.length - 1] = '\n';
    return line;
  }

  /**
   * Writes chained lines to the open segment; true when that filled it and it was detached, for the
   * caller to have it sealed once it let go of the lock.
   */
  private boolean write(byte[] lines) throws IOException {
    segment.write(lines);
    segmentObject.write(lines);
    if (settings.fsync()) {
      segment.force();
    }
    return segmentEvents >= settings.segmentMaxEvents() && detach();
  }

  /** Has the sealer seal what was detached; a seal that fails is retried by the next one. */
  private void sealLater() {
    try {
      sealer.execute(this::finishSealsLogged);
    } catch (RejectedExecutionException e) {
      // shutting down: close() seals what is left
    }
  }

  private void finishSealsLogged() {
    try {
      finishSeals();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.ERROR, "session " + header.sid() + ": cannot seal a segment (retried)", e);
    }
  }

  /** Detaches the open segment if it is older than the configured age, and seals it. */
  void sealIfOlderThan(Duration age) throws IOException {
    boolean old;
    synchronized (this) {
      old =
          segment != null
              && Duration.between(segmentOpened, clock.instant()).compareTo(age) >= 0
              && detach();
    }
    if (old) {
      finishSeals();
    }
  }

  synchronized boolean idleLongerThan(Duration idle) {
    return inFlight == 0 && Duration.between(lastActivity, clock.instant()).compareTo(idle) >= 0;
  }

  /** Appends {@code session.close}, seals the last segment and queues the signed manifest. */
  void close(String reason) throws IOException {
    long nextSeq;
    String lastHash;
    Manifest.Summary summary;
    synchronized (this) {
      if (closed) {
        return;
      }
      SessionClose event = new SessionClose(reason, tally.begun());
      write(link(Optional.empty(), event, EventCodec.encodeData(event), clock.instant()));
      detach();
      closed = true;
      nextSeq = chain.nextSeq();
      lastHash = chain.lastHash();
      summary =
          new Manifest.Summary(
              header.subject(),
              header.issuer(),
              header.connection(),
              header.started(),
              clock.instant(),
              tally.begun(),
              reason);
    }
    synchronized (sealLock) {
      finishSeals();
      Manifest manifest =
          new Manifest(1, header.sid(), summary, List.copyOf(sealed), nextSeq, lastHash);
      Path file = dir.resolve("manifest.jws");
      writeAtomically(file, signer.sign(manifest).getBytes(StandardCharsets.US_ASCII));
      uploader.submit(
          new Uploader.Upload(
              file, settings.layout().manifestKey(header.sid()), "application/jose", true));
    }
  }

  /** Starts a new segment file, and its gzip object, at event {@code firstSeq}. */
  private void open(Path file, long firstSeq) throws IOException {
    segmentFile = file;
    segmentFirstSeq = firstSeq;
    segmentEvents = 0;
    segmentOpened = clock.instant();
    segmentObject = SegmentObjectFile.create(sealedFile(dir, firstSeq), compressor);
    segment = MappedSegmentFile.open(file);
  }

  /**
   * Takes the open segment out of the chain's way (the next event starts a new one) and queues it
   * for {@link #finishSeals}, with the chain's state at its end. Called under the session's lock.
   */
  private boolean detach() {
    if (segment == null) {
      return false;
    }
    detached.add(
        new Detached(
            segmentFile,
            segmentFirstSeq,
            chain.nextSeq() - 1,
            chain.lastHash(),
            tally.begun(),
            Set.copyOf(tally.open()),
            segment,
            segmentObject));
    segment = null;
    segmentObject = null;
    return true;
  }

  /**
   * Seals the detached segments, oldest first. One that fails stays first in line, and the next
   * call starts its sealing over from the plain file, which stays until the seal is complete.
   */
  void finishSeals() throws IOException {
    synchronized (sealLock) {
      Detached next;
      while ((next = detached.peek()) != null) {
        seal(next);
        detached.remove();
      }
    }
  }

  /** Order matters for recovery: gzip, then journal, then the plain file goes, then upload. */
  private void seal(Detached segment) throws IOException {
    if (segment.mapping != null) {
      try {
        segment.mapping.close();
      } finally {
        segment.mapping = null;
      }
    }
    Path sealedFile = sealedFile(dir, segment.firstSeq);
    if (segment.object == null) { // recovered, or an earlier attempt failed: start from the file
      segment.object = SegmentObjectFile.create(sealedFile, compressor);
      segment.object.write(truncateTornTail(segment.file));
    }
    String objectHash;
    try {
      objectHash = segment.object.sealAs(sealedFile, settings.fsync());
    } finally {
      segment.object = null;
    }
    String key = settings.layout().segmentKey(header.sid(), segment.firstSeq);
    Manifest.Segment entry =
        new Manifest.Segment(
            key,
            segment.firstSeq,
            segment.lastSeq,
            (int) (segment.lastSeq - segment.firstSeq + 1),
            objectHash);
    SpoolJournal.append(
        dir,
        new SpoolJournal.Sealed(entry, segment.lastHash, segment.exchanges, segment.openXids),
        settings.fsync());
    Files.delete(segment.file);
    sealed.add(entry);
    uploader.submit(new Uploader.Upload(sealedFile, key, "application/gzip"));
  }

  /**
   * A segment taken out of the chain's way and not sealed yet: its plain file, the chain's state at
   * its last event, and (until sealing consumes them) its mapping and gzip object in the making;
   * both are null for one a crash left behind.
   */
  private static final class Detached {
    final Path file;
    final long firstSeq;
    final long lastSeq;
    final String lastHash;
    final long exchanges;
    final Set<String> openXids;
    MappedSegmentFile mapping;
    SegmentObjectFile object;

    Detached(
        Path file,
        long firstSeq,
        long lastSeq,
        String lastHash,
        long exchanges,
        Set<String> openXids,
        MappedSegmentFile mapping,
        SegmentObjectFile object) {
      this.file = file;
      this.firstSeq = firstSeq;
      this.lastSeq = lastSeq;
      this.lastHash = lastHash;
      this.exchanges = exchanges;
      this.openXids = openXids;
      this.mapping = mapping;
      this.object = object;
    }
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
