package dev.proctor.index;

import dev.proctor.format.ManifestVerifier;
import dev.proctor.format.S3Layout;
import dev.proctor.format.SessionVerifier;
import dev.proctor.format.Transcript;
import dev.proctor.format.Verification;
import dev.proctor.index.search.SearchHit;
import dev.proctor.index.search.SessionIndex;
import dev.proctor.index.search.SessionSummary;
import dev.proctor.index.sync.LocalStore;
import dev.proctor.index.sync.RecordingSource;
import dev.proctor.index.sync.SyncReport;
import dev.proctor.index.sync.Syncer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An investigator's local workspace: the synced copy of the bucket and its index. This is the
 * UI-independent interface the CLI and the workstation share.
 *
 * <pre>{@code
 * try (Workspace ws = Workspace.open(paths.indexDir(), "")) {
 *   ws.sync(source, System.out::println);
 *   ws.search("aws key", 20).forEach(...);
 * }
 * }</pre>
 */
public final class Workspace implements AutoCloseable {
  private final LocalStore store;
  private final SessionIndex index;

  private Workspace(LocalStore store, SessionIndex index) {
    this.store = store;
    this.index = index;
  }

  /** Opens the workspace under {@code dir} for syncing and searching. */
  public static Workspace open(Path dir, String prefix) throws IOException {
    LocalStore store = new LocalStore(dir, new S3Layout(prefix));
    return new Workspace(store, SessionIndex.openForWriting(dir.resolve("lucene")));
  }

  public SyncReport sync(RecordingSource source, Consumer<String> progress)
      throws IOException, InterruptedException {
    return new Syncer(source, store, index, 4).sync(progress);
  }

  public List<SessionSummary> sessions(int limit) throws IOException {
    return index.sessions(limit);
  }

  public List<SearchHit> search(String query, int limit) throws IOException {
    return index.search(query, limit);
  }

  /** The messages whose recorded findings carry one of {@code fingerprints}. */
  public List<SearchHit> exposures(Set<String> fingerprints, int limit) throws IOException {
    return index.exposures(fingerprints, limit);
  }

  /** The session's transcript from the local copy; empty when it was never synced. */
  public Optional<Transcript> transcript(String sid) throws IOException {
    var events = Syncer.readableEvents(store.session(sid));
    return events.isEmpty() ? Optional.empty() : Optional.of(Transcript.of(events));
  }

  /** Verifies the local copy of a session now. */
  public Optional<Verification> verify(String sid) throws IOException {
    LocalStore.SessionObjects objects = store.session(sid);
    if (objects.segments().isEmpty() && objects.manifest().isEmpty()) {
      return Optional.empty();
    }
    SessionVerifier verifier = new SessionVerifier(new ManifestVerifier(store.trustedKeys()));
    return Optional.of(verifier.verify(sid, objects.segments(), objects.manifest()));
  }

  @Override
  public void close() throws IOException {
    index.close();
  }
}
