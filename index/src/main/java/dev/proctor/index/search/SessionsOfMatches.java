package dev.proctor.index.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

/**
 * The sessions that the documents a query matches belong to, read from each document's {@code sid}
 * doc values: for counting sessions rather than messages.
 */
final class SessionsOfMatches implements CollectorManager<SessionsOfMatches.Sids, Set<BytesRef>> {

  @Override
  public Sids newCollector() {
    return new Sids();
  }

  @Override
  public Set<BytesRef> reduce(Collection<Sids> collectors) {
    Set<BytesRef> all = new HashSet<>();
    collectors.forEach(c -> all.addAll(c.found));
    return all;
  }

  /** Collects each session once per index segment, by its ordinal there. */
  static final class Sids extends SimpleCollector {
    private final List<BytesRef> found = new ArrayList<>();
    private SortedDocValues sids;
    private FixedBitSet seen;

    @Override
    protected void doSetNextReader(LeafReaderContext context) throws IOException {
      sids = DocValues.getSorted(context.reader(), IndexSchema.SID);
      seen = new FixedBitSet(Math.max(1, sids.getValueCount()));
    }

    @Override
    public void collect(int doc) throws IOException {
      if (sids.advanceExact(doc)) {
        int ord = sids.ordValue();
        if (!seen.getAndSet(ord)) {
          found.add(BytesRef.deepCopyOf(sids.lookupOrd(ord)));
        }
      }
    }

    @Override
    public ScoreMode scoreMode() {
      return ScoreMode.COMPLETE_NO_SCORES;
    }
  }
}
