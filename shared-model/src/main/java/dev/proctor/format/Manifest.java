package dev.proctor.format;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What a signed manifest proves about a closed session.
 *
 * @param v the format version, 1
 * @param segments every segment of the session in sequence order
 * @param events total events over all segments
 * @param lastEventHash hex SHA-256 of the last event's line
 */
public record Manifest(
    int v, String sid, Summary summary, List<Segment> segments, long events, String lastEventHash) {

  public Manifest {
    requireNonNull(sid, "sid");
    requireNonNull(summary, "summary");
    segments = List.copyOf(segments);
    requireNonNull(lastEventHash, "lastEventHash");
  }

  /**
   * The session in one glance.
   *
   * @param closeReason as in {@link SessionClose#reason()}
   */
  public record Summary(
      String subject,
      String issuer,
      String connection,
      Instant started,
      Instant ended,
      long exchanges,
      String closeReason) {}

  /**
   * One segment object.
   *
   * @param sha256 hex SHA-256 of the object's bytes as stored (the gzip)
   */
  public record Segment(String key, long firstSeq, long lastSeq, int events, String sha256) {}
}
