package dev.proctor.index.cli;

import dev.proctor.index.sync.SyncProgress;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Draws sync progress on a terminal as one line redrawn in place ({@code [#####·····] 48%
 * downloading 2,400/5,000}); where the output is not a terminal, prints a line per phase and per
 * tenth of it instead, so logs stay readable.
 */
final class ProgressBar implements Consumer<SyncProgress> {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean terminal;
  private SyncProgress.Phase phase;
  private int shownTenth = -1;
  private long lastDraw;

  ProgressBar(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public synchronized void accept(SyncProgress p) {
    boolean newPhase = p.phase() != phase;
    if (newPhase && phase != null && terminal) {
      out.println();
    }
    phase = p.phase();
    if (p.phase() == SyncProgress.Phase.DONE) {
      return;
    }
    if (terminal) {
      long now = System.nanoTime();
      if (newPhase || now - lastDraw > 100_000_000L || p.done() == p.total()) {
        lastDraw = now;
        out.print("\r" + line(p));
        out.flush();
      }
      return;
    }
    if (p.total() == 0) {
      return; // a count still growing: the line for its total follows
    }
    int tenth = (int) (p.fraction() * 10);
    if (newPhase || tenth != shownTenth) {
      shownTenth = tenth;
      out.println(line(p));
    }
  }

  static String line(SyncProgress p) {
    if (p.total() == 0) {
      return String.format("  %-20s %,d", p.phase().label(), p.done());
    }
    int filled = (int) Math.round(p.fraction() * WIDTH);
    return String.format(
        "  [%s%s] %3d%% %s %,d/%,d",
        "#".repeat(filled),
        "·".repeat(WIDTH - filled),
        Math.round(p.fraction() * 100),
        p.phase().label(),
        p.done(),
        p.total());
  }
}
