package dev.proctor.format;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Proves a session complete and unaltered, or says why it is not.
 *
 * <p>It walks the hash chain over every segment (contiguous sequence numbers from 0, each {@code
 * prev} equal to the hash of the line before), and when a manifest exists it checks the signature
 * against trusted keys, each segment's digest and range, the event count and the last hash.
 */
public final class SessionVerifier {
  private final ManifestVerifier manifests;

  public SessionVerifier(ManifestVerifier manifests) {
    this.manifests = requireNonNull(manifests, "manifests");
  }

  /**
   * A segment object as stored.
   *
   * @param firstSeq the sequence number in its key
   */
  public record StoredSegment(String key, long firstSeq, byte[] bytes) {}

  public Verification verify(
      String sid, List<StoredSegment> segments, Optional<String> manifestJws) {
    List<StoredSegment> ordered =
        segments.stream().sorted(Comparator.comparingLong(StoredSegment::firstSeq)).toList();
    Optional<Manifest> manifest;
    try {
      manifest = manifestJws.map(manifests::verify);
    } catch (FormatException e) {
      return Verification.broken(e.getMessage());
    }
    if (manifest.isPresent()) {
      Optional<String> mismatch = compareWithManifest(sid, ordered, manifest.get());
      if (mismatch.isPresent()) {
        return Verification.broken(mismatch.get());
      }
    }
    ChainWalk walk = new ChainWalk(sid);
    for (StoredSegment segment : ordered) {
      Optional<String> failure = walk.segment(segment);
      if (failure.isPresent()) {
        return Verification.broken(failure.get());
      }
    }
    if (manifest.isEmpty()) {
      return Verification.open();
    }
    Manifest m = manifest.get();
    if (walk.events != m.events()) {
      return Verification.broken(
          "manifest counts " + m.events() + " events, segments hold " + walk.events);
    }
    if (!walk.lastHash.equals(m.lastEventHash())) {
      return Verification.broken("last event hash does not match the manifest");
    }
    return Verification.verified();
  }

  private static Optional<String> compareWithManifest(
      String sid, List<StoredSegment> stored, Manifest manifest) {
    if (!manifest.sid().equals(sid)) {
      return Optional.of("manifest is for session " + manifest.sid());
    }
    Map<Long, StoredSegment> byFirstSeq =
        stored.stream()
            .collect(Collectors.toMap(StoredSegment::firstSeq, Function.identity(), (a, b) -> a));
    for (Manifest.Segment listed : manifest.segments()) {
      StoredSegment found = byFirstSeq.remove(listed.firstSeq());
      if (found == null) {
        return Optional.of("segment " + listed.key() + " is missing");
      }
      if (!Hashes.sha256Hex(found.bytes()).equals(listed.sha256())) {
        return Optional.of("segment " + found.key() + " does not match its manifest digest");
      }
    }
    return byFirstSeq.values().stream()
        .findFirst()
        .map(extra -> "segment " + extra.key() + " is not in the manifest");
  }

  /** Follows the chain across segments in order. */
  private static final class ChainWalk {
    private final String sid;
    private long events;
    private String lastHash = "";

    ChainWalk(String sid) {
      this.sid = sid;
    }

    Optional<String> segment(StoredSegment segment) {
      if (segment.firstSeq() != events) {
        return Optional.of(
            "events missing: expected seq "
                + events
                + ", segment "
                + segment.key()
                + " starts at "
                + segment.firstSeq());
      }
      List<byte[]> lines;
      try {
        lines = Segments.lines(segment.bytes());
      } catch (FormatException e) {
        return Optional.of("segment " + segment.key() + ": " + e.getMessage());
      }
      for (byte[] line : lines) {
        Optional<String> failure = line(line);
        if (failure.isPresent()) {
          return failure;
        }
      }
      return Optional.empty();
    }

    private Optional<String> line(byte[] line) {
      Event event;
      try {
        event = EventCodec.decode(line);
      } catch (FormatException e) {
        return Optional.of("event after seq " + (events - 1) + ": " + e.getMessage());
      }
      if (!event.sid().equals(sid)) {
        return Optional.of("seq " + event.seq() + " belongs to session " + event.sid());
      }
      if (event.seq() != events) {
        return Optional.of("expected seq " + events + ", found seq " + event.seq());
      }
      if (!event.prev().equals(lastHash)) {
        return Optional.of(
            "seq " + event.seq() + ": prev does not match the hash of seq " + (events - 1));
      }
      lastHash = Hashes.sha256Hex(line);
      events++;
      return Optional.empty();
    }
  }
}
