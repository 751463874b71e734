package dev.proctor.index.sync;

import java.util.Optional;

/**
 * What one sync did.
 *
 * @param downloaded objects fetched because they were new or changed
 * @param sessions sessions re-verified and re-indexed
 * @param pushed annotations made here and written to the bucket
 * @param pushProblem why annotations could not be pushed, when they could not
 */
public record SyncReport(
    int listed,
    int downloaded,
    int sessions,
    int verified,
    int open,
    int broken,
    int pushed,
    Optional<String> pushProblem) {
  @Override
  public String toString() {
    String synced =
        downloaded == 0 && sessions == 0
            ? "up to date: nothing new among " + counted(listed, "object")
            : "synced "
                + downloaded
                + " of "
                + counted(listed, "object")
                + "; "
                + counted(sessions, "session")
                + " indexed ("
                + verified
                + " verified, "
                + open
                + " open, "
                + broken
                + " broken)";
    return synced
        + (pushed > 0 ? "; " + counted(pushed, "annotation") + " pushed" : "")
        + pushProblem.map(p -> "; annotations not pushed: " + p).orElse("");
  }

  private static String counted(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
