package dev.proctor.index.sync;

/**
 * What one sync did.
 *
 * @param downloaded objects fetched because they were new or changed
 * @param sessions sessions re-verified and re-indexed
 */
public record SyncReport(
    int listed, int downloaded, int sessions, int verified, int open, int broken) {
  @Override
  public String toString() {
    return "synced "
        + downloaded
        + " of "
        + listed
        + " objects; "
        + sessions
        + " sessions indexed ("
        + verified
        + " verified, "
        + open
        + " open, "
        + broken
        + " broken)";
  }
}
