package dev.proctor.index.sync;

/**
 * Where a sync is: the CLI draws it as a progress bar, the workstation as a status line.
 *
 * @param done units of this phase finished so far (objects, sessions, annotations)
 * @param total units of this phase; 0 while unknown
 */
public record SyncProgress(Phase phase, long done, long total) {

  /** The steps of a sync, in order. */
  public enum Phase {
    LISTING("listing"),
    DOWNLOADING("downloading"),
    INDEXING("indexing"),
    PUSHING("pushing annotations"),
    DONE("done");

    private final String label;

    Phase(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Completed fraction of this phase, 0 to 1. */
  public double fraction() {
    return total == 0 ? 0 : Math.min(1, (double) done / total);
  }
}
