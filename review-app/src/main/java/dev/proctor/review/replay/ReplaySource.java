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

  /** One recorded session. */
  record Recorded(Transcript transcript, Verification integrity, List<Annotation> annotations) {}
}
