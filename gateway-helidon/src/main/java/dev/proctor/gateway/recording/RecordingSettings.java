package dev.proctor.gateway.recording;

import static java.util.Objects.requireNonNull;

import dev.proctor.format.S3Layout;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the recorder spools, rotates and closes.
 *
 * @param segmentMaxEvents a segment is sealed once it holds this many events
 * @param segmentMaxAge a segment is sealed once it is this old, so live sessions show up quickly
 * @param idleTimeout a session with no exchange in flight closes after this long without one
 * @param fsync force every spooled line to disk (survives power loss, costs latency)
 */
public record RecordingSettings(
    Path spoolDir,
    S3Layout layout,
    int segmentMaxEvents,
    Duration segmentMaxAge,
    Duration idleTimeout,
    boolean fsync) {

  public RecordingSettings {
    requireNonNull(spoolDir, "spoolDir");
    requireNonNull(layout, "layout");
    if (segmentMaxEvents < 1) {
      throw new IllegalArgumentException(
          "segment-max-events: " + segmentMaxEvents + " (expected: >= 1)");
    }
    requireNonNull(segmentMaxAge, "segmentMaxAge");
    requireNonNull(idleTimeout, "idleTimeout");
  }
}
