package dev.proctor.review.replay;

import dev.proctor.format.Annotation;
import dev.proctor.format.Transcript;
import dev.proctor.format.Verification;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** What the replay screen reads: one session from the local copy. */
public interface ReplaySource {
  /** The session as recorded, its integrity now, and its annotations; empty if never synced. */
  Optional<Recorded> open(String sid) throws IOException;

  /**
   * The start of the session (its first stored part), unverified, to show while the rest is read;
   * empty when there is none.
   */
  Optional<Transcript> head(String sid) throws IOException;

  /**
   * The session's incident report.
   *
   * @param format {@code html}, {@code md} or {@code json}
   */
  String report(String sid, String format) throws IOException;

  /**
   * One recorded session.
   *
   * @param rawEvents the recorded events, one JSON line each, as stored
   */
  record Recorded(
      Transcript transcript,
      Verification integrity,
      List<Annotation> annotations,
      List<String> rawEvents) {}
}
