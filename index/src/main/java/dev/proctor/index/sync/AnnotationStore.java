package dev.proctor.index.sync;

import dev.proctor.format.Annotation;
import dev.proctor.format.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Investigators' annotations as this workspace sees them: {@code annotations/<sid>/<id>.json} holds
 * the winning version of each (see {@link Annotation#LATEST_WINS}), whether it was written here or
 * synced from the bucket. One is waiting to be pushed while it is newer than the bucket's copy.
 */
public final class AnnotationStore {
  private final Path dir;
  private final LocalStore mirror;

  public AnnotationStore(Path dir, LocalStore mirror) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.mirror = mirror;
  }

  /** The annotations on one session, oldest first. */
  public List<Annotation> of(String sid) throws IOException {
    Path folder = folder(sid);
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    List<Annotation> result = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        result.add(Json.mapper().readValue(f.toFile(), Annotation.class));
      }
    }
    result.sort(Comparator.comparing(Annotation::createdAt).thenComparing(Annotation::id));
    return result;
  }

  /** Keeps {@code annotation} if it wins over the version here; returns whether it did. */
  boolean merge(Annotation annotation) throws IOException {
    Optional<Annotation> current = find(annotation.sid(), annotation.id());
    if (current.isPresent() && Annotation.LATEST_WINS.compare(annotation, current.get()) <= 0) {
      return false;
    }
    write(annotation);
    return true;
  }

  /** Saves a new or updated annotation made here; it is pushed on the next sync. */
  public void save(Annotation annotation) throws IOException {
    write(annotation);
  }

  Optional<Annotation> find(String sid, String id) throws IOException {
    Path f = folder(sid).resolve(id + ".json");
    return Files.exists(f)
        ? Optional.of(Json.mapper().readValue(f.toFile(), Annotation.class))
        : Optional.empty();
  }

  /** Annotations made here that the bucket does not have yet. */
  List<Annotation> pending() throws IOException {
    List<Annotation> pending = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return pending;
    }
    try (Stream<Path> sessions = Files.list(dir)) {
      for (Path folder : sessions.filter(Files::isDirectory).sorted().toList()) {
        for (Annotation local : of(folder.getFileName().toString())) {
          Optional<Annotation> remote = remote(local);
          if (remote.isEmpty() || Annotation.LATEST_WINS.compare(local, remote.get()) > 0) {
            pending.add(local);
          }
        }
      }
    }
    return pending;
  }

  /** The bucket's copy as last synced. */
  Optional<Annotation> remote(Annotation local) throws IOException {
    String key = mirror.layout().annotationKey(local.sid(), local.id());
    return mirror.etag(key).isEmpty()
        ? Optional.empty()
        : Optional.of(Json.mapper().readValue(mirror.read(key), Annotation.class));
  }

  private void write(Annotation annotation) throws IOException {
    Path folder = Files.createDirectories(folder(annotation.sid()));
    Path target = folder.resolve(annotation.id() + ".json");
    Path tmp = folder.resolve(annotation.id() + ".json.part");
    Json.mapper().writeValue(tmp.toFile(), annotation);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private Path folder(String sid) {
    if (!sid.matches("[0-9A-HJKMNP-TV-Z]{26}")) {
      throw new IllegalArgumentException("sid: " + sid + " (expected: a ULID)");
    }
    return dir.resolve(sid);
  }
}
