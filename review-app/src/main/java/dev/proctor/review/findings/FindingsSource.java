package dev.proctor.review.findings;

import java.io.IOException;
import java.util.List;

/** What the findings screen reads and writes. */
public interface FindingsSource {
  /** Secrets found in the synced recordings, newest first. */
  List<FindingRow> findings(int limit) throws IOException;

  /**
   * Sets the triage status of the secrets of one exchange: an annotation, saved locally and pushed
   * by the next sync.
   *
   * @param status {@code open}, {@code confirmed-leak}, {@code false-positive} or {@code rotated}
   */
  void triage(FindingRow finding, String status, String note, String author)
      throws IOException, InterruptedException;

  /**
   * The messages that carried the candidate key. The candidate is fingerprinted and dropped;
   * implementations never keep it.
   */
  List<Exposure> exposures(char[] candidate) throws IOException;
}
