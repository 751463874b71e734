package dev.proctor.index.sync;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.proctor.format.Annotation;
import dev.proctor.format.Event;
import dev.proctor.format.EventCodec;
import dev.proctor.format.FormatException;
import dev.proctor.format.Hashes;
import dev.proctor.format.Json;
import dev.proctor.format.ManifestVerifier;
import dev.proctor.format.S3Layout;
import dev.proctor.format.Segments;
import dev.proctor.format.SessionVerifier;
import dev.proctor.format.Transcript;
import dev.proctor.format.Verification;
import dev.proctor.index.search.SessionIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Brings the workspace up to date with the bucket, one pipeline:
 *
 * <ol>
 *   <li>list the keys, the annotations, and the session days not settled yet;
 *   <li>download what is new or changed, in parallel, saving progress as objects land;
 *   <li>merge synced annotations into the local ones (the latest version wins);
 *   <li>verify and re-index every session whose objects or annotations changed since it was last
 *       indexed, refreshing the index as it goes so searches see new sessions during the sync;
 *   <li>push annotations made here.
 * </ol>
 *
 * <p>Each indexed session carries a digest of what it was built from; that digest is committed with
 * the documents, so a sync killed at any point redoes exactly what was not committed.
 */
public final class Syncer {
  private static final int COMMIT_EVERY = 1_000;
  private static final long REFRESH_MILLIS = 1_000;

  /** Days this recent are listed again even when every session in them was closed. */
  private static final int SETTLE_AFTER_DAYS = 2;

  private static final String GONE = "gone";

  private final RecordingSource source;
  private final LocalStore store;
  private final AnnotationStore annotations;
  private final SessionIndex index;
  private final Optional<JWKSet> trustAnchor;
  private final int parallelism;
  private final Clock clock;

  /**
   * @param trustAnchor the only keys to trust when present; otherwise those under {@code v1/keys/}
   * @param parallelism concurrent downloads
   */
  public Syncer(
      RecordingSource source,
      LocalStore store,
      AnnotationStore annotations,
      SessionIndex index,
      Optional<JWKSet> trustAnchor,
      int parallelism,
      Clock clock) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism: " + parallelism + " (expected: >= 1)");
    }
    this.source = source;
    this.store = store;
    this.annotations = annotations;
    this.index = index;
    this.trustAnchor = trustAnchor;
    this.parallelism = parallelism;
    this.clock = clock;
  }

  /**
   * @param full list every day again, not only those with sessions that were still open
   */
  public SyncReport sync(boolean full, Consumer<SyncProgress> progress)
      throws IOException, InterruptedException {
    S3Layout layout = store.layout();
    progress.accept(new SyncProgress(SyncProgress.Phase.LISTING, 0, 0));
    List<RecordingSource.RemoteObject> listed = new ArrayList<>(source.list(layout.keysRoot()));
    listed.addAll(source.list(layout.annotationsRoot()));
    List<String> days = daysToList(full);
    for (String day : days) {
      List<RecordingSource.RemoteObject> objects = source.list(day);
      listed.addAll(objects);
      forgetVanished(day, objects);
      progress.accept(new SyncProgress(SyncProgress.Phase.LISTING, listed.size(), 0));
    }
    progress.accept(new SyncProgress(SyncProgress.Phase.LISTING, listed.size(), listed.size()));
    List<RecordingSource.RemoteObject> changed =
        download(listed.stream().filter(o -> !store.isCurrent(o)).toList(), progress);
    mergeAnnotations(changed);

    Counts counts = reindex(progress);
    settle(days);
    store.saveState();
    Push push = pushAnnotations(progress);
    if (push.pushed() > 0) {
      counts = counts.plus(reindex(progress));
    }
    index.commit();
    progress.accept(new SyncProgress(SyncProgress.Phase.DONE, 1, 1));
    return new SyncReport(
        listed.size(),
        changed.size(),
        counts.sessions,
        counts.verified,
        counts.open,
        counts.broken,
        push.pushed(),
        push.problem());
  }

  /** Re-verifies and re-indexes what changed locally (annotations, rules), with no download. */
  public SyncReport reindexLocal(Consumer<SyncProgress> progress)
      throws IOException, InterruptedException {
    Counts counts = reindex(progress);
    progress.accept(new SyncProgress(SyncProgress.Phase.DONE, 1, 1));
    return new SyncReport(
        0, 0, counts.sessions, counts.verified, counts.open, counts.broken, 0, Optional.empty());
  }

  /**
   * The session day prefixes ({@code .../YYYY/MM/DD/}) to list: every day that is not settled, and
   * a settled one whose sessions are no longer those it had. A session lands in the day it started,
   * so a gateway's backlog uploaded after an S3 outage or a crash can add sessions to a day that
   * was settled before they arrived; finding them costs one listing of the day's session folders.
   */
  private List<String> daysToList(boolean full) throws IOException, InterruptedException {
    List<String> days = new ArrayList<>();
    List<String> settled = new ArrayList<>();
    for (String year : source.folders(store.layout().sessionsRoot())) {
      for (String month : source.folders(year)) {
        for (String day : source.folders(month)) {
          (full || !store.isSettled(day) ? days : settled).add(day);
        }
      }
    }
    Set<String> changed = ConcurrentHashMap.newKeySet();
    List<Callable<Void>> checks = new ArrayList<>();
    for (String day : settled) {
      checks.add(
          () -> {
            if (!new HashSet<>(source.folders(day)).equals(localSessionFolders(day))) {
              changed.add(day);
            }
            return null;
          });
    }
    runAll(checks, parallelism);
    days.addAll(changed);
    days.sort(null);
    return days;
  }

  private Set<String> localSessionFolders(String day) {
    Set<String> folders = new HashSet<>();
    for (String key : store.keys(day)) {
      store.layout().parse(key).ifPresent(o -> folders.add(day + o.sid() + "/"));
    }
    return folders;
  }

  /**
   * Objects of a listed day that are gone from the bucket no longer count for their session, so its
   * verification sees them missing; the local file stays as evidence.
   */
  private void forgetVanished(String day, List<RecordingSource.RemoteObject> listed) {
    Set<String> present = new HashSet<>();
    listed.forEach(o -> present.add(o.key()));
    for (String key : store.keys(day)) {
      if (!present.contains(key)) {
        store.forget(key);
      }
    }
  }

  /**
   * @return the objects fetched: those gone from the bucket since they were listed are not
   */
  private List<RecordingSource.RemoteObject> download(
      List<RecordingSource.RemoteObject> objects, Consumer<SyncProgress> progress)
      throws IOException, InterruptedException {
    AtomicLong done = new AtomicLong();
    Set<RecordingSource.RemoteObject> gone = ConcurrentHashMap.newKeySet();
    progress.accept(new SyncProgress(SyncProgress.Phase.DOWNLOADING, 0, objects.size()));
    List<Callable<Void>> tasks = new ArrayList<>();
    for (RecordingSource.RemoteObject o : objects) {
      tasks.add(
          () -> {
            Optional<byte[]> bytes = source.get(o.key());
            if (bytes.isPresent()) {
              store.put(o.key(), bytes.get(), o.etag());
            } else {
              gone.add(o);
            }
            long n = done.incrementAndGet();
            if (n % 50 == 0 || n == objects.size()) {
              progress.accept(new SyncProgress(SyncProgress.Phase.DOWNLOADING, n, objects.size()));
            }
            if (n % 500 == 0) {
              store.saveState();
            }
            return null;
          });
    }
    try {
      runAll(tasks, parallelism);
    } finally {
      store.saveState();
    }
    return objects.stream().filter(o -> !gone.contains(o)).toList();
  }

  private void mergeAnnotations(List<RecordingSource.RemoteObject> changed) throws IOException {
    String root = store.layout().annotationsRoot();
    for (RecordingSource.RemoteObject o : changed) {
      if (o.key().startsWith(root) && o.key().endsWith(".json")) {
        try {
          annotations.merge(Json.mapper().readValue(store.read(o.key()), Annotation.class));
        } catch (com.fasterxml.jackson.core.JacksonException | IllegalArgumentException e) {
          // a malformed annotation is skipped; the recording itself is not affected
        }
      }
    }
  }

  private Counts reindex(Consumer<SyncProgress> progress) throws IOException, InterruptedException {
    SessionVerifier verifier = new SessionVerifier(new ManifestVerifier(trustedKeys()));
    String keysDigest = keysDigest();
    Map<String, String> indexed = index.indexedDigests();
    Map<String, String> stale = new HashMap<>();
    for (String sid : store.sessionIds()) {
      String digest = digest(sid, keysDigest);
      if (!digest.equals(indexed.get(sid))) {
        stale.put(sid, digest);
      }
    }
    Set<String> gone = new TreeSet<>(indexed.keySet());
    gone.removeAll(store.sessionIds());
    gone.removeIf(sid -> GONE.equals(indexed.get(sid)));
    gone.forEach(sid -> stale.put(sid, GONE));
    Counts counts = new Counts();
    AtomicLong done = new AtomicLong();
    long[] lastRefresh = {System.nanoTime()};
    progress.accept(new SyncProgress(SyncProgress.Phase.INDEXING, 0, stale.size()));
    List<Callable<Void>> tasks = new ArrayList<>();
    for (var entry : new java.util.TreeMap<>(stale).entrySet()) {
      tasks.add(
          () -> {
            Verification result = reindex(entry.getKey(), verifier, entry.getValue());
            counts.add(result);
            long n = done.incrementAndGet();
            if (n % COMMIT_EVERY == 0) {
              index.commit();
            }
            synchronized (lastRefresh) {
              if (System.nanoTime() - lastRefresh[0] > REFRESH_MILLIS * 1_000_000) {
                lastRefresh[0] = System.nanoTime();
                index.refresh();
              }
            }
            if (n % 20 == 0 || n == stale.size()) {
              progress.accept(new SyncProgress(SyncProgress.Phase.INDEXING, n, stale.size()));
            }
            return null;
          });
    }
    runAll(tasks, Math.max(1, Runtime.getRuntime().availableProcessors()));
    index.commit();
    return counts;
  }

  private Verification reindex(String sid, SessionVerifier verifier, String digest)
      throws IOException {
    if (digest.equals(GONE)) {
      Verification gone =
          Verification.broken("every object of the session is gone from the bucket");
      index.index(sid, Optional.empty(), gone, annotations.of(sid), GONE);
      return gone;
    }
    LocalStore.SessionObjects objects = store.session(sid);
    Verification result = verifier.verify(sid, objects.segments(), objects.manifest());
    List<Event> events = readableEvents(objects);
    index.index(
        sid,
        events.isEmpty() ? Optional.empty() : Optional.of(Transcript.of(events)),
        result,
        annotations.of(sid),
        digest);
    return result;
  }

  /** What a session's documents are built from: its objects, its annotations, the trusted keys. */
  private String digest(String sid, String keysDigest) throws IOException {
    StringBuilder source = new StringBuilder(keysDigest);
    store.sessionEtags(sid).forEach((k, e) -> source.append('\n').append(k).append(' ').append(e));
    for (Annotation a : annotations.of(sid)) {
      source.append('\n').append(a.id()).append(' ').append(a.updatedAt()).append(a.updatedBy());
      source.append(a.status().wireName()).append(a.note().hashCode());
    }
    return Hashes.sha256Hex(source.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 32);
  }

  private JWKSet trustedKeys() throws IOException {
    return trustAnchor.isPresent() ? trustAnchor.get() : store.publishedKeys();
  }

  private String keysDigest() throws IOException {
    StringBuilder thumbprints = new StringBuilder();
    for (JWK key : trustedKeys().getKeys()) {
      try {
        thumbprints.append(key.computeThumbprint()).append(',');
      } catch (JOSEException e) {
        thumbprints.append(key.getKeyID()).append(',');
      }
    }
    return thumbprints.toString();
  }

  /**
   * A listed day is settled, and skipped by later syncs, once it is old enough and every session in
   * it has its manifest.
   */
  private void settle(List<String> days) throws IOException {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    for (String day : days) {
      Optional<LocalDate> date =
          store.keys(day).stream()
              .findFirst()
              .flatMap(k -> store.layout().parse(k))
              .map(p -> p.date());
      if (date.isEmpty() || date.get().isAfter(today.minusDays(SETTLE_AFTER_DAYS))) {
        continue;
      }
      Set<String> sessions = new TreeSet<>();
      Set<String> closed = new TreeSet<>();
      for (String key : store.keys(day)) {
        store
            .layout()
            .parse(key)
            .ifPresent(
                p -> {
                  sessions.add(p.sid());
                  if (p.isManifest()) {
                    closed.add(p.sid());
                  }
                });
      }
      if (closed.equals(sessions)) {
        store.settle(day);
      }
    }
  }

  private Push pushAnnotations(Consumer<SyncProgress> progress) throws IOException {
    List<Annotation> pending = annotations.pending();
    int pushed = 0;
    progress.accept(new SyncProgress(SyncProgress.Phase.PUSHING, 0, pending.size()));
    for (Annotation local : pending) {
      String key = store.layout().annotationKey(local.sid(), local.id());
      byte[] bytes = Json.mapper().writeValueAsBytes(local);
      try {
        if (push(key, bytes, local)) {
          pushed++;
        }
      } catch (IOException e) {
        store.saveState();
        return new Push(pushed, Optional.of(e.getMessage()));
      }
      progress.accept(new SyncProgress(SyncProgress.Phase.PUSHING, pushed, pending.size()));
    }
    store.saveState();
    return new Push(pushed, Optional.empty());
  }

  /**
   * Writes one annotation unless the bucket's copy changed since it was synced. When it did, the
   * bucket's copy is read: if it is ours (an earlier attempt landed, and a retry of the request
   * found it changed) the push is done; if it is newer it wins here; if it is older, ours is
   * written once more against what is there now.
   */
  private boolean push(String key, byte[] bytes, Annotation local) throws IOException {
    Optional<String> expected = store.etag(key);
    for (int attempt = 0; attempt < 2; attempt++) {
      Optional<String> etag = source.putIfUnchanged(key, bytes, expected);
      if (etag.isPresent()) {
        store.put(key, bytes, etag.get());
        return true;
      }
      List<RecordingSource.RemoteObject> now = source.list(key);
      Optional<RecordingSource.RemoteObject> current =
          now.stream().filter(o -> o.key().equals(key)).findFirst();
      if (current.isEmpty()) {
        expected = Optional.empty();
        continue;
      }
      Optional<byte[]> read = source.get(key);
      if (read.isEmpty()) {
        expected = Optional.empty();
        continue;
      }
      byte[] theirs = read.get();
      store.put(key, theirs, current.get().etag());
      if (java.util.Arrays.equals(theirs, bytes)) {
        return true;
      }
      Annotation remote = Json.mapper().readValue(theirs, Annotation.class);
      if (annotations.merge(remote) || Annotation.LATEST_WINS.compare(local, remote) <= 0) {
        return false; // theirs is newer: it is the one here now
      }
      expected = Optional.of(current.get().etag());
    }
    return false; // still changing under us: the next sync tries again
  }

  /** Every event that decodes, in order; a broken session still shows what it holds. */
  public static List<Event> readableEvents(LocalStore.SessionObjects objects) {
    List<Event> events = new ArrayList<>();
    for (SessionVerifier.StoredSegment segment : objects.segments()) {
      try {
        for (byte[] line : Segments.lines(segment.bytes())) {
          events.add(EventCodec.decode(line));
        }
      } catch (FormatException e) {
        // already reported by verification; index what could be read
      }
    }
    return events;
  }

  private static void runAll(List<Callable<Void>> tasks, int threads)
      throws IOException, InterruptedException {
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<Void>> futures = new ArrayList<>();
      for (Callable<Void> task : tasks) {
        futures.add(pool.submit(task));
      }
      for (Future<Void> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          futures.forEach(other -> other.cancel(true));
          switch (e.getCause()) {
            case IOException io -> throw io;
            case UncheckedIOException io -> throw io.getCause();
            case RuntimeException r -> throw r;
            default -> throw new IOException(e.getCause());
          }
        }
      }
    }
  }

  private record Push(int pushed, Optional<String> problem) {}

  private static final class Counts {
    int sessions;
    int verified;
    int open;
    int broken;

    synchronized void add(Verification v) {
      sessions++;
      switch (v.status()) {
        case VERIFIED -> verified++;
        case OPEN -> open++;
        case BROKEN -> broken++;
      }
    }

    Counts plus(Counts more) {
      Counts sum = new Counts();
      sum.sessions = sessions + more.sessions;
      sum.verified = verified + more.verified;
      sum.open = open + more.open;
      sum.broken = broken + more.broken;
      return sum;
    }
  }
}
