package dev.proctor.index.sync;

import com.fasterxml.jackson.core.type.TypeReference;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The local copy of the bucket: raw objects under {@code objects/<key>} and the ETag of each, so a
 * sync fetches only what changed. Writes are atomic per object and the state is saved as objects
 * land, so an interrupted sync resumes where it stopped.
 */
public final class LocalStore {
  private final Path objects;
  private final Path stateFile;
  private final S3Layout layout;
  private final Map<String, String> etags;

  public LocalStore(Path dir, S3Layout layout) throws IOException {
    this.objects = Files.createDirectories(dir.resolve("objects"));
    this.stateFile = dir.resolve("sync-state.json");
    this.layout = layout;
    this.etags =
        new ConcurrentHashMap<>(
            Files.exists(stateFile)
                ? Json.mapper()
                    .readValue(stateFile.toFile(), new TypeReference<Map<String, String>>() {})
                : Map.of());
  }

  public S3Layout layout() {
    return layout;
  }

  boolean isCurrent(RecordingSource.RemoteObject remote) {
    return remote.etag().equals(etags.get(remote.key())) && Files.exists(file(remote.key()));
  }

  void put(String key, byte[] bytes, String etag) throws IOException {
    Path target = file(key);
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling(target.getFileName() + ".part");
    Files.write(tmp, bytes);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    etags.put(key, etag);
  }

  synchronized void saveState() throws IOException {
    Path tmp = stateFile.resolveSibling("sync-state.json.part");
    Json.mapper().writeValue(tmp.toFile(), new TreeMap<>(etags));
    Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The ids of every session with at least one object here. */
  public List<String> sessionIds() {
    return etags.keySet().stream()
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
    for (String key : etags.keySet().stream().sorted().toList()) {
      Optional<S3Layout.SessionObject> parsed = layout.parse(key);
      if (parsed.isEmpty() || !parsed.get().sid().equals(sid)) {
        continue;
      }
      byte[] bytes = Files.readAllBytes(file(key));
      if (parsed.get().isManifest()) {
        manifest = Optional.of(new String(bytes, StandardCharsets.US_ASCII));
      } else {
        segments.add(
            new SessionVerifier.StoredSegment(key, parsed.get().firstSeq().orElseThrow(), bytes));
      }
    }
    return new SessionObjects(sid, segments, manifest);
  }

  /** The manifest signers' public keys found under {@code v1/keys/}. */
  public JWKSet trustedKeys() throws IOException {
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
