package dev.proctor.gateway.recording;

import static java.util.Objects.requireNonNull;

import dev.proctor.format.ExchangeRequest;
import dev.proctor.format.ManifestSigner;
import dev.proctor.format.SessionOpen;
import dev.proctor.format.Ulid;
import dev.proctor.gateway.threads.BackgroundThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Records exchanges into sessions: finds or opens the session for a session key, hands out one
 * {@link ExchangeRecording} per exchange, rotates segments by age and closes idle sessions.
 *
 * <pre>{@code
 * ExchangeRecording rec = recorder.begin(sessionKey, () -> sessionOpen, request);
 * rec.response(...); rec.chunk(...); rec.end(...);
 * }</pre>
 */
public final class Recorder implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Recorder.class.getName());

  private final RecordingSettings settings;
  private final ManifestSigner signer;
  private final Clock clock;
  private final Uploader uploader;
  private final SegmentCompressor compressor = new SegmentCompressor();
  private final SpooledObjects spooledObjects;
  private final Map<String, RecordingSession> sessions = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          BackgroundThreads.named("proctor-session-sweeper"));
  private final Executor sealer;

  public Recorder(RecordingSettings settings, ObjectStore store, ManifestSigner signer, Clock clock)
      throws IOException {
    this(settings, store, signer, clock, null);
  }

  /**
   * @param sealer where a segment that filled up is sealed; null for the sweeper's thread, which
   *     also seals segments that grew old (tests choose when)
   */
  Recorder(
      RecordingSettings settings,
      ObjectStore store,
      ManifestSigner signer,
      Clock clock,
      Executor sealer)
      throws IOException {
    this.sealer = sealer == null ? sweeper : sealer;
    this.settings = requireNonNull(settings, "settings");
    this.signer = requireNonNull(signer, "signer");
    this.clock = requireNonNull(clock, "clock");
    this.uploader = new Uploader(requireNonNull(store, "store"));
    this.spooledObjects =
        new SpooledObjects(
            settings.spoolDir().resolve("objects"), store, uploader, settings.fsync());
    publishKey();
    recoverSpool();
    long period = Math.max(50, Math.min(1000, settings.segmentMaxAge().toMillis() / 2));
    sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts recording one exchange: appends {@code exchange.request} to the session of {@code
   * sessionKey}, opening that session (with {@code open}) when there is none.
   *
   * @throws RecordingUnavailableException if the spool cannot take the events
   */
  public ExchangeRecording begin(
      String sessionKey, Supplier<SessionOpen> open, ExchangeRequest request)
      throws RecordingUnavailableException {
    return begin(sessionKey, open, request, true);
  }

  /**
   * Begins the recording of an exchange.
   *
   * @param bodies keep the request's and answer's bodies and every streamed chunk; when false, the
   *     recording holds metadata only (who, when, what, status, sizes, timings, findings)
   */
  public ExchangeRecording begin(
      String sessionKey, Supplier<SessionOpen> open, ExchangeRequest request, boolean bodies)
      throws RecordingUnavailableException {
    if (!bodies && request.body().isPresent()) {
      request =
          new ExchangeRequest(
              request.method(),
              request.path(),
              request.api(),
              request.model(),
              request.stream(),
              request.headers(),
              Optional.empty(),
              request.findings());
    }
    try {
      while (true) {
        RecordingSession session = sessionFor(sessionKey, open);
        if (session.beginExchange()) {
          String xid = Ulid.next(clock.instant());
          ExchangeRecording recording = new ExchangeRecording(session, xid, bodies);
          try {
            session.append(Optional.of(xid), request);
          } catch (IOException | RuntimeException e) {
            session.endExchange();
            throw e;
          }
          return recording;
        }
        sessions.remove(sessionKey, session);
      }
    } catch (IOException | UncheckedIOException e) {
      throw new RecordingUnavailableException(
          "the recording spool cannot be written: " + e.getMessage(), e);
    }
  }

  /** The open session of a key; concurrent first calls create exactly one. */
  private RecordingSession sessionFor(String sessionKey, Supplier<SessionOpen> open) {
    return sessions.computeIfAbsent(
        sessionKey,
        key -> {
          try {
            return RecordingSession.create(
                Ulid.next(clock.instant()),
                open.get(),
                settings,
                uploader,
                compressor,
                signer,
                clock,
                sealer);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** Sessions currently open. */
  public int openSessions() {
    return sessions.size();
  }

  /** Spool files waiting for upload. */
  public long pendingUploads() {
    return uploader.pending();
  }

  /** How long the oldest queued upload has waited; zero when none waits. */
  public Duration uploadLag() {
    return uploader.lag();
  }

  /** Why uploads to the object store fail now, and since when; empty while they land. */
  public Optional<UploadFailure> uploadFailure() {
    return uploader.failure();
  }

  /** Closes every open session now, as an operator or test asks. */
  public void closeAll(String reason) {
    for (String key : List.copyOf(sessions.keySet())) {
      RecordingSession session = sessions.remove(key);
      if (session != null) {
        closeQuietly(session, reason);
      }
    }
  }

  /** Waits for every queued upload, up to {@code timeout}; true when all landed. */
  public boolean awaitUploads(Duration timeout) throws InterruptedException {
    return uploader.drain(timeout);
  }

  private void sweep() {
    for (Map.Entry<String, RecordingSession> entry : sessions.entrySet()) {
      RecordingSession session = entry.getValue();
      try {
        if (session.idleLongerThan(settings.idleTimeout())
            && sessions.remove(entry.getKey(), session)) {
          session.close("idle");
        } else {
          session.sealIfOlderThan(settings.segmentMaxAge());
        }
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.ERROR, "session " + session.sid() + ": cannot rotate or close", e);
      }
    }
  }

  private void closeQuietly(RecordingSession session, String reason) {
    try {
      session.close(reason);
    } catch (IOException e) {
      LOG.log(Level.ERROR, "session " + session.sid() + ": cannot close", e);
    }
  }

  /** Single objects (audit entries) that reach the store through this recorder's spool. */
  public SpooledObjects spooledObjects() {
    return spooledObjects;
  }

  /**
   * Finishes what a previous run left in the spool: uploads sealed segments and manifests, and
   * closes interrupted sessions as {@code recovered}. Runs before the gateway takes calls.
   */
  private void recoverSpool() throws IOException {
    int objects = spooledObjects.recover();
    if (objects > 0) {
      LOG.log(Level.INFO, "queued {0} objects left in the spool for upload", objects);
    }
    Path sessionsDir = RecordingSession.sessionsDir(settings);
    if (!Files.isDirectory(sessionsDir)) {
      return;
    }
    int recovered = 0;
    try (var dirs = Files.list(sessionsDir)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        if (RecordingSession.recover(dir, settings, uploader, compressor, signer, clock, sealer)) {
          recovered++;
        }
      }
    }
    if (recovered > 0) {
      LOG.log(
          Level.INFO,
          "recovered {0} sessions from the spool; uploads pending: {1}",
          recovered,
          uploader.pending());
    }
  }

  private void publishKey() throws IOException {
    Path keys = Files.createDirectories(settings.spoolDir().resolve("keys"));
    Path file = keys.resolve(signer.kid() + ".jwk.json");
    Files.writeString(file, signer.publicKey().toJSONString(), StandardCharsets.UTF_8);
    uploader.submit(
        new Uploader.Upload(
            file, settings.layout().publicKeyKey(signer.kid()), "application/jwk+json"));
  }

  @Override
  public void close() throws InterruptedException {
    sweeper.shutdown(); // a seal in progress finishes: interrupted, its file channels would close
    sweeper.awaitTermination(10, TimeUnit.SECONDS);
    closeAll("shutdown");
    compressor.close();
    if (!uploader.drain(Duration.ofSeconds(10))) {
      LOG.log(
          Level.WARNING, "{0} uploads left in the spool for the next start", uploader.pending());
    }
    uploader.close();
  }
}
