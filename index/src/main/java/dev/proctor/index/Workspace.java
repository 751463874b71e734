package dev.proctor.index;

import com.nimbusds.jose.jwk.JWKSet;
import dev.proctor.format.Annotation;
import dev.proctor.format.ManifestVerifier;
import dev.proctor.format.S3Layout;
import dev.proctor.format.SessionVerifier;
import dev.proctor.format.Transcript;
import dev.proctor.format.Verification;
import dev.proctor.index.search.Facet;
import dev.proctor.index.search.SearchHit;
import dev.proctor.index.search.SearchQuery;
import dev.proctor.index.search.SearchResult;
import dev.proctor.index.search.SessionIndex;
import dev.proctor.index.search.SessionSummary;
import dev.proctor.index.sync.AnnotationStore;
import dev.proctor.index.sync.LocalStore;
import dev.proctor.index.sync.RecordingSource;
import dev.proctor.index.sync.SyncProgress;
import dev.proctor.index.sync.SyncReport;
import dev.proctor.index.sync.Syncer;
import dev.proctor.secrets.Fingerprinter;
import dev.proctor.secrets.RuleSet;
import dev.proctor.secrets.SecretScanner;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An investigator's local workspace: the synced copy of the bucket, the annotations, and the index.
 * This is the UI-independent interface the CLI and the workstation share; it is safe to search from
 * one thread while another syncs.
 *
 * <pre>{@code
 * try (Workspace ws = Workspace.open(paths.indexDir(), Workspace.Options.defaults())) {
 *   ws.sync(source, false, progress -> {});
 *   ws.search(SearchQuery.of("aws key")).hits().forEach(...);
 * }
 * }</pre>
 */
public final class Workspace implements AutoCloseable {
  private final LocalStore store;
  private final AnnotationStore annotations;
  private final SessionIndex index;
  private final Options options;

  private Workspace(
      LocalStore store, AnnotationStore annotations, SessionIndex index, Options options) {
    this.store = store;
    this.annotations = annotations;
    this.index = index;
    this.options = options;
  }

  /**
   * How a workspace judges what it syncs.
   *
   * @param prefix the bucket's key prefix
   * @param trustAnchor the only manifest keys to trust; empty to trust those under {@code v1/keys/}
   * @param fingerprinter the organisation's fingerprint key, so index-time findings can be searched
   *     by fingerprint beside the gateway's; empty for a random local key
   * @param parallelism concurrent downloads
   */
  public record Options(
      String prefix,
      Optional<JWKSet> trustAnchor,
      Optional<Fingerprinter> fingerprinter,
      int parallelism) {
    public static Options defaults() {
      return new Options("", Optional.empty(), Optional.empty(), 8);
    }

    /**
     * The options the bucket's settings give, if there are any: prefix, parallelism, trust anchor
     * and fingerprint key ({@code PROCTOR_FINGERPRINT_KEY_FILE} or {@code PROCTOR_FINGERPRINT_KEY}
     * in {@code env} first).
     */
    public static Options of(Optional<BucketSettings> bucket, Map<String, String> env)
        throws IOException {
      Optional<Fingerprinter> key = Fingerprinter.fromEnvironment(env);
      if (key.isEmpty() && bucket.flatMap(BucketSettings::fingerprintKeyFile).isPresent()) {
        Path file = bucket.get().fingerprintKeyFile().get();
        if (java.nio.file.Files.isReadable(file)) {
          key = Optional.of(new Fingerprinter(java.nio.file.Files.readAllBytes(file)));
        }
      }
      Options options = defaults().withFingerprinter(key);
      if (bucket.isPresent()) {
        options =
            options.withPrefix(bucket.get().prefix()).withParallelism(bucket.get().parallelism());
        if (bucket.get().trustedKeys().isPresent()) {
          options = options.withTrustAnchor(TrustAnchor.read(bucket.get().trustedKeys().get()));
        }
      }
      return options;
    }

    public Options withPrefix(String newPrefix) {
      return new Options(newPrefix, trustAnchor, fingerprinter, parallelism);
    }

    public Options withTrustAnchor(JWKSet keys) {
      return new Options(prefix, Optional.of(keys), fingerprinter, parallelism);
    }

    public Options withFingerprinter(Optional<Fingerprinter> key) {
      return new Options(prefix, trustAnchor, key, parallelism);
    }

    public Options withParallelism(int n) {
      return new Options(prefix, trustAnchor, fingerprinter, n);
    }
  }

  /**
   * Opens the workspace under {@code dir}. When the index was built with another schema or rule set
   * it is rebuilt from the local copy now, with no download.
   */
  public static Workspace open(Path dir, Options options) throws IOException {
    return open(dir, options, SessionIndex::open);
  }

  /**
   * Opens the workspace under {@code dir} to read only (search, show, verify, export), beside the
   * process that has it open for writing; syncing or annotating it is an {@link
   * IllegalStateException}.
   *
   * @throws IOException if there is no index yet, or it needs a rebuild that only a writer can do
   */
  public static Workspace openReadOnly(Path dir, Options options) throws IOException {
    return open(dir, options, SessionIndex::openReadOnly);
  }

  private interface IndexOpener {
    SessionIndex open(Path dir, SecretScanner scanner, boolean fingerprintsComparable)
        throws IOException;
  }

  private static Workspace open(Path dir, Options options, IndexOpener opener) throws IOException {
    LocalStore store = new LocalStore(dir, new S3Layout(options.prefix()));
    AnnotationStore annotations = new AnnotationStore(dir.resolve("annotations"), store);
    SecretScanner scanner =
        new SecretScanner(
            RuleSet.builtIn(), options.fingerprinter().orElseGet(Workspace::localFingerprinter));
    SessionIndex index =
        opener.open(dir.resolve("lucene"), scanner, options.fingerprinter().isPresent());
    return new Workspace(store, annotations, index, options);
  }

  /** Reads in the background what a sync or a session's replay needs first (the sync state). */
  public void warmUp() {
    store.warmUp();
  }

  /** True when opening found an index of another schema or rule set; call {@link #rebuild}. */
  public boolean needsRebuild() {
    return index.needsRebuild();
  }

  /** Re-indexes every session from the local copy, without downloading. */
  public SyncReport rebuild(Consumer<SyncProgress> progress)
      throws IOException, InterruptedException {
    return syncer(null).reindexLocal(progress);
  }

  /**
   * @param full list every day of the bucket again, not only days with open sessions
   */
  public SyncReport sync(RecordingSource source, boolean full, Consumer<SyncProgress> progress)
      throws IOException, InterruptedException {
    return syncer(source).sync(full, progress);
  }

  private Syncer syncer(RecordingSource source) {
    requireWritable();
    return new Syncer(
        source,
        store,
        annotations,
        index,
        options.trustAnchor(),
        options.parallelism(),
        Clock.systemUTC());
  }

  public SearchResult search(SearchQuery query) throws IOException {
    return index.search(query);
  }

  public List<SessionSummary> sessions(SearchQuery query) throws IOException {
    return index.sessions(query);
  }

  /** The sessions the query finds, counted by facet value ({@link SessionIndex#sessionFacets}). */
  public Map<Facet, List<SearchResult.FacetCount>> sessionFacets(SearchQuery query)
      throws IOException {
    return index.sessionFacets(query);
  }

  public Optional<SessionSummary> session(String sid) throws IOException {
    return index.session(sid);
  }

  /**
   * "Was this key exposed?": the messages whose findings carry the candidate's fingerprint. The
   * candidate is fingerprinted with the organisation key and then dropped; nothing keeps it.
   *
   * @throws IllegalStateException when no organisation key is set, so fingerprints cannot compare
   */
  public List<SearchHit> exposuresOf(char[] candidate, int limit) throws IOException {
    if (options.fingerprinter().isEmpty()) {
      throw new IllegalStateException(
          "No fingerprint key: set fingerprint_key_file in index.json (or"
              + " PROCTOR_FINGERPRINT_KEY_FILE) to the gateway's key file, so fingerprints compare.");
    }
    Set<String> fingerprints =
        new SecretScanner(RuleSet.builtIn(), options.fingerprinter().get())
            .fingerprintsOf(new String(candidate));
    return index.exposures(fingerprints, limit);
  }

  /** The messages whose recorded or index-time findings carry one of {@code fingerprints}. */
  public List<SearchHit> exposures(Set<String> fingerprints, int limit) throws IOException {
    return index.exposures(fingerprints, limit);
  }

  /** Secrets found in the recorded sessions, newest first. */
  public List<dev.proctor.index.search.FindingRecord> findings(int limit) throws IOException {
    return index.findings(limit);
  }

  /** The session's transcript from the local copy; empty when it was never synced. */
  public Optional<Transcript> transcript(String sid) throws IOException {
    var events = Syncer.readableEvents(store.session(sid));
    return events.isEmpty() ? Optional.empty() : Optional.of(Transcript.of(events));
  }

  /**
   * One session from the local copy, read once: its transcript, its integrity now, its events as
   * stored (one JSON line each) and its annotations. Verification runs beside the parsing.
   */
  public record RecordedSession(
      Transcript transcript,
      Verification integrity,
      List<String> rawEvents,
      List<Annotation> annotations) {}

  /** One stored segment read: its events that decode, and its lines as stored. */
  private record SegmentRead(List<dev.proctor.format.Event> events, List<String> raw) {
    static SegmentRead of(SessionVerifier.StoredSegment segment) {
      List<dev.proctor.format.Event> events = new java.util.ArrayList<>();
      List<String> raw = new java.util.ArrayList<>();
      try {
        boolean readable = true;
        for (byte[] line : dev.proctor.format.Segments.lines(segment.bytes())) {
          raw.add(new String(line, java.nio.charset.StandardCharsets.UTF_8));
          if (readable) {
            try {
              events.add(dev.proctor.format.EventCodec.decode(line));
            } catch (dev.proctor.format.FormatException e) {
              readable =
                  false; // as the index reads it: up to the first bad line (verification says why)
            }
          }
        }
      } catch (dev.proctor.format.FormatException e) {
        raw.add("(segment " + segment.key() + " cannot be read: " + e.getMessage() + ")");
      }
      return new SegmentRead(events, raw);
    }
  }

  /**
   * The start of a session: the events of its first stored segment, unverified, so that a long
   * session shows while the rest is read with {@link #recorded}. Empty when there is none.
   */
  public Optional<Transcript> head(String sid) throws IOException {
    LocalStore.SessionObjects objects = store.session(sid);
    if (objects.segments().isEmpty()) {
      return Optional.empty();
    }
    List<dev.proctor.format.Event> events = SegmentRead.of(objects.segments().getFirst()).events();
    return events.isEmpty() ? Optional.empty() : Optional.of(Transcript.of(events));
  }

  /** The session as {@link RecordedSession}; empty when it was never synced or holds no events. */
  public Optional<RecordedSession> recorded(String sid) throws IOException {
    LocalStore.SessionObjects objects = store.session(sid);
    if (objects.segments().isEmpty() && objects.manifest().isEmpty()) {
      return Optional.empty();
    }
    JWKSet keys =
        options.trustAnchor().isPresent() ? options.trustAnchor().get() : store.publishedKeys();
    java.util.concurrent.FutureTask<Verification> integrity =
        new java.util.concurrent.FutureTask<>(
            () ->
                new SessionVerifier(new ManifestVerifier(keys))
                    .verify(sid, objects.segments(), objects.manifest()));
    Thread.ofVirtual().name("proctor-verify").start(integrity);
    // each segment decompressed and decoded once, segments side by side
    List<java.util.concurrent.Future<SegmentRead>> reads = new java.util.ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (var segment : objects.segments()) {
        reads.add(pool.submit(() -> SegmentRead.of(segment)));
      }
    }
    List<dev.proctor.format.Event> events = new java.util.ArrayList<>();
    List<String> raw = new java.util.ArrayList<>();
    for (var read : reads) {
      try {
        events.addAll(read.get().events());
        raw.addAll(read.get().raw());
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IOException("reading session " + sid + ": " + e.getCause().getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("reading session " + sid);
      }
    }
    try {
      Verification verified = integrity.get();
      return events.isEmpty()
          ? Optional.empty()
          : Optional.of(
              new RecordedSession(Transcript.of(events), verified, raw, annotations.of(sid)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("reading session " + sid);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("verifying session " + sid + ": " + e.getCause().getMessage(), e);
    }
  }

  /**
   * The session's incident report from the local copy.
   *
   * @param format {@code html}, {@code md} or {@code json}
   */
  public Optional<String> report(String sid, String format) throws IOException {
    Optional<Transcript> t = transcript(sid);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        dev.proctor.index.report.IncidentReport.render(
            t.get(),
            verify(sid).orElse(Verification.broken("not verifiable")),
            dev.proctor.index.report.IncidentReport.Format.of(format)));
  }

  /** Verifies the local copy of a session now. */
  public Optional<Verification> verify(String sid) throws IOException {
    LocalStore.SessionObjects objects = store.session(sid);
    if (objects.segments().isEmpty() && objects.manifest().isEmpty()) {
      return Optional.empty();
    }
    JWKSet keys =
        options.trustAnchor().isPresent() ? options.trustAnchor().get() : store.publishedKeys();
    return Optional.of(
        new SessionVerifier(new ManifestVerifier(keys))
            .verify(sid, objects.segments(), objects.manifest()));
  }

  /** The annotations on a session, oldest first. */
  public List<Annotation> annotations(String sid) throws IOException {
    return annotations.of(sid);
  }

  /**
   * Saves an annotation made here and re-indexes its session so its flag shows at once; the next
   * sync pushes it to the bucket.
   */
  public void annotate(Annotation annotation) throws IOException, InterruptedException {
    requireWritable();
    annotations.save(annotation);
    rebuild(p -> {});
  }

  /** A new annotation by {@code author}, now. */
  public static Annotation newAnnotation(
      String sid,
      Optional<String> xid,
      String kind,
      Annotation.Status status,
      String note,
      String author) {
    return Annotation.create(sid, xid, Optional.empty(), kind, status, note, author, Instant.now());
  }

  private static Fingerprinter localFingerprinter() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new Fingerprinter(key);
  }

  /**
   * Refuses a change to a workspace opened with {@link #openReadOnly}, before it touches a file.
   */
  private void requireWritable() {
    if (!index.writable()) {
      throw new IllegalStateException("this workspace was opened read-only");
    }
  }

  @Override
  public void close() throws IOException {
    index.close();
  }
}
