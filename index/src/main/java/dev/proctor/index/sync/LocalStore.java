package dev.proctor.index.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.proctor.format.Json;
import dev.proctor.format.S3Layout;
import dev.proctor.format.SessionVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Stream;

/**
 * The local copy of the bucket: raw objects under {@code objects/<key>}, the ETag of each so a sync
 * fetches only what changed, and the days whose sessions are all closed so a sync need not list
 * them again. Writes are atomic per object and the state is saved as objects land, so an
 * interrupted sync resumes where it stopped.
 */
public final class LocalStore {
  private final Path objects;
  private final Path stateFile;
  private final S3Layout layout;
  private final NavigableMap<String, String> etags = new ConcurrentSkipListMap<>();
  private final Set<String> settledDays = new ConcurrentSkipListSet<>();

  public LocalStore(Path dir, S3Layout layout) throws IOException {
    this.objects = Files.createDirectories(dir.resolve("objects"));
    this.stateFile = dir.resolve("sync-state.json");
    this.layout = layout;
    // the state of a large bucket takes a while to parse (0.6 s for 20,000 objects): it is read
    // when first needed (a sync, a session's objects), not when the index opens, so opening the
    // workstation's list does not wait or compete for it; warmUp() reads it in the background
    loading =
        new java.util.concurrent.FutureTask<>(
            () -> {
              if (Files.exists(stateFile)) {
                JsonNode state = Json.mapper().readTree(stateFile.toFile());
                state
                    .path("etags")
                    .properties()
                    .forEach(e -> etags.put(e.getKey(), e.getValue().asText()));
                state.path("settled_days").forEach(d -> settledDays.add(d.asText()));
              }
              return null;
            });
  }

  /** Starts reading the sync state in the background, if nothing has yet. */
  public void warmUp() {
    Thread.ofVirtual().name("proctor-sync-state").start(loading);
  }

  private final java.util.concurrent.FutureTask<Void> loading;

  private NavigableMap<String, String> etags() {
    awaitState();
    return etags;
  }

  private Set<String> settledDays() {
    awaitState();
    return settledDays;
  }

  private void awaitState() {
    loading.run(); // reads it here unless it is read or being read already
    try {
      loading.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + stateFile, e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new java.io.UncheckedIOException(
          new IOException("cannot read " + stateFile + ": " + e.getCause().getMessage(), e));
    }
  }

  public S3Layout layout() {
    return layout;
  }

  boolean isCurrent(RecordingSource.RemoteObject remote) {
    return remote.etag().equals(etags().get(remote.key())) && Files.exists(file(remote.key()));
  }

  Optional<String> etag(String key) {
    return Optional.ofNullable(etags().get(key));
  }

  void put(String key, byte[] bytes, String etag) throws IOException {
    Path target = file(key);
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling(target.getFileName() + ".part");
    Files.write(tmp, bytes);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    etags().put(key, etag);
  }

  /** Stops counting an object that is gone from the bucket; its file stays. */
  void forget(String key) {
    etags().remove(key);
  }

  byte[] read(String key) throws IOException {
    return Files.readAllBytes(file(key));
  }

  /** Every stored key under {@code prefix}. */
  List<String> keys(String prefix) {
    return List.copyOf(etags().subMap(prefix, prefix + Character.MAX_VALUE).keySet());
  }

  /** Days ({@code YYYY/MM/DD/}) whose sessions were all closed when last listed. */
  boolean isSettled(String day) {
    return settledDays().contains(day);
  }

  void settle(String day) {
    settledDays().add(day);
  }

  synchronized void saveState() throws IOException {
    Path tmp = stateFile.resolveSibling("sync-state.json.part");
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("etags", etags());
    state.put("settled_days", new TreeSet<>(settledDays()));
    Json.mapper().writeValue(tmp.toFile(), state);
    Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The ids of every session with at least one object here. */
  public List<String> sessionIds() {
    return etags()
        .subMap(layout.sessionsRoot(), layout.sessionsRoot() + Character.MAX_VALUE)
        .keySet()
        .stream()
        .map(layout::parse)
        .flatMap(Optional::stream)
        .map(S3Layout.SessionObject::sid)
        .distinct()
        .sorted()
        .toList();
  }

  /** One session's stored objects: segments in order, and the manifest when there is one. */
  public SessionObjects session(String sid) throws IOException {
    List<SessionVerifier.StoredSegment> segments = new ArrayList<>();
    Optional<String> manifest = Optional.empty();
    for (String key : keys(layout.sessionFolder(sid))) {
      Optional<S3Layout.SessionObject> parsed = layout.parse(key);
      if (parsed.isEmpty()) {
        continue;
      }
      byte[] bytes = read(key);
      if (parsed.get().isManifest()) {
        manifest = Optional.of(new String(bytes, StandardCharsets.US_ASCII));
      } else {
        segments.add(
            new SessionVerifier.StoredSegment(key, parsed.get().firstSeq().orElseThrow(), bytes));
      }
    }
    return new SessionObjects(sid, segments, manifest);
  }

  /** The stored objects of a session and their ETags, which change whenever the objects do. */
  Map<String, String> sessionEtags(String sid) {
    String folder = layout.sessionFolder(sid);
    return etags().subMap(folder, folder + Character.MAX_VALUE);
  }

  /** The manifest signers' public keys found under {@code v1/keys/}. */
  public JWKSet publishedKeys() throws IOException {
    Path keys = file(layout.keysRoot());
    if (!Files.isDirectory(keys)) {
      return new JWKSet();
    }
    try (Stream<Path> files = Files.list(keys)) {
      return new JWKSet(
          files.filter(p -> p.toString().endsWith(".jwk.json")).map(LocalStore::readKey).toList());
    }
  }

  private static JWK readKey(Path file) {
    try {
      return JWK.parse(Files.readString(file)).toPublicJWK();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ParseException e) {
      throw new IllegalStateException("key file " + file + " is not a JWK: " + e.getMessage(), e);
    }
  }

  private Path file(String key) {
    Path path = objects.resolve(key).normalize();
    if (!path.startsWith(objects)) {
      throw new IllegalArgumentException("key: " + key + " (expected: no '..' segments)");
    }
    return path;
  }

  /** The stored objects of one session. */
  public record SessionObjects(
      String sid, List<SessionVerifier.StoredSegment> segments, Optional<String> manifest) {}
}
