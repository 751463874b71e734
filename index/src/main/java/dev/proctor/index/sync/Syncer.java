package dev.proctor.index.sync;

import dev.proctor.format.Event;
import dev.proctor.format.EventCodec;
import dev.proctor.format.FormatException;
import dev.proctor.format.ManifestVerifier;
import dev.proctor.format.Segments;
import dev.proctor.format.SessionVerifier;
import dev.proctor.format.Transcript;
import dev.proctor.format.Verification;
import dev.proctor.index.search.SessionIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Brings the local store up to date with the bucket and re-indexes every session that changed:
 * lists, downloads what is new in parallel, verifies each touched session, and indexes its
 * transcript with the verification result.
 */
public final class Syncer {
  private final RecordingSource source;
  private final LocalStore store;
  private final SessionIndex index;
  private final int parallelism;

  public Syncer(RecordingSource source, LocalStore store, SessionIndex index, int parallelism) {
    this.source = source;
    this.store = store;
    this.index = index;
    this.parallelism = parallelism;
  }

  /**
   * @param progress receives one line per step, for a CLI or a status bar
   */
  public SyncReport sync(Consumer<String> progress) throws IOException, InterruptedException {
    List<RecordingSource.RemoteObject> listed =
        new ArrayList<>(source.list(store.layout().keysRoot()));
    listed.addAll(source.list(store.layout().sessionsRoot()));
    List<RecordingSource.RemoteObject> changed =
        listed.stream().filter(o -> !store.isCurrent(o)).toList();
    progress.accept("listed " + listed.size() + " objects, " + changed.size() + " new or changed");
    download(changed, progress);

    Set<String> touched = new TreeSet<>();
    for (RecordingSource.RemoteObject o : changed) {
      store.layout().parse(o.key()).ifPresent(p -> touched.add(p.sid()));
    }
    SessionVerifier verifier = new SessionVerifier(new ManifestVerifier(store.trustedKeys()));
    int verified = 0;
    int open = 0;
    int broken = 0;
    for (String sid : touched) {
      Verification result = reindex(sid, verifier);
      switch (result.status()) {
        case VERIFIED -> verified++;
        case OPEN -> open++;
        case BROKEN -> broken++;
      }
    }
    index.commit();
    return new SyncReport(listed.size(), changed.size(), touched.size(), verified, open, broken);
  }

  /** Verifies one stored session and indexes what can be read of it. */
  public Verification reindex(String sid, SessionVerifier verifier) throws IOException {
    LocalStore.SessionObjects objects = store.session(sid);
    Verification result = verifier.verify(sid, objects.segments(), objects.manifest());
    List<Event> events = readableEvents(objects);
    if (events.isEmpty()) {
      index.indexUnreadable(sid, result); // still replaces a stale "verified" entry
    } else {
      index.index(Transcript.of(events), result);
    }
    return result;
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

  private void download(List<RecordingSource.RemoteObject> objects, Consumer<String> progress)
      throws IOException, InterruptedException {
    try (ExecutorService pool = Executors.newFixedThreadPool(parallelism)) {
      List<Future<Optional<IOException>>> results = new ArrayList<>();
      for (RecordingSource.RemoteObject o : objects) {
        results.add(
            pool.submit(
                () -> {
                  try {
                    store.put(o.key(), source.get(o.key()), o.etag());
                    return Optional.<IOException>empty();
                  } catch (IOException e) {
                    return Optional.of(e);
                  }
                }));
      }
      int done = 0;
      for (Future<Optional<IOException>> f : results) {
        Optional<IOException> failure;
        try {
          failure = f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IOException("download failed: " + e.getCause(), e.getCause());
        }
        if (failure.isPresent()) {
          store.saveState();
          throw failure.get();
        }
        if (++done % 100 == 0) {
          store.saveState();
          progress.accept("downloaded " + done + " of " + objects.size());
        }
      }
    }
    store.saveState();
  }
}
