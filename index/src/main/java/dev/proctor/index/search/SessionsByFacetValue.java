package dev.proctor.index.search;

import static org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.util.FixedBitSet;

/**
 * For each facet value, how many distinct sessions the matching messages that carry it belong to:
 * the number of sessions a list would show if that value were ticked too.
 */
final class SessionsByFacetValue
    implements CollectorManager<
        SessionsByFacetValue.Sessions, Map<Facet, List<SearchResult.FacetCount>>> {
  private final int topValues;

  /**
   * @param topValues how many values of each facet to keep, those with the most sessions
   */
  SessionsByFacetValue(int topValues) {
    this.topValues = topValues;
  }

  @Override
  public Sessions newCollector() {
    return new Sessions();
  }

  @Override
  public Map<Facet, List<SearchResult.FacetCount>> reduce(Collection<Sessions> collectors)
      throws IOException {
    Map<String, Set<String>> sidsByLabel = new HashMap<>();
    for (Sessions c : collectors) {
      c.flush();
      c.sidsByLabel.forEach(
          (label, sids) -> sidsByLabel.computeIfAbsent(label, l -> new HashSet<>()).addAll(sids));
    }
    Map<Facet, List<SearchResult.FacetCount>> counts = new EnumMap<>(Facet.class);
    for (Facet facet : Facet.values()) {
      counts.put(facet, new ArrayList<>()); // every facet, as a search's counts have it
    }
    sidsByLabel.forEach(
        (label, sids) -> {
          String[] path = FacetsConfig.stringToPath(label);
          counts.get(Facet.of(path[0])).add(new SearchResult.FacetCount(path[1], sids.size()));
        });
    counts.replaceAll(
        (facet, values) ->
            values.stream()
                .sorted(
                    Comparator.comparingLong(SearchResult.FacetCount::count)
                        .reversed()
                        .thenComparing(SearchResult.FacetCount::value))
                .limit(topValues)
                .toList());
    return counts;
  }

  /**
   * Per index segment, the sessions (by ordinal) of each facet value (by ordinal), turned into
   * names when the segment is done: a bit per session rather than a string per message.
   */
  static final class Sessions extends SimpleCollector {
    private final Map<String, Set<String>> sidsByLabel = new HashMap<>();
    private final Map<Long, FixedBitSet> sessionsByValue = new HashMap<>();
    private SortedDocValues sids;
    private SortedSetDocValues values;

    @Override
    protected void doSetNextReader(LeafReaderContext context) throws IOException {
      flush();
      sids = DocValues.getSorted(context.reader(), IndexSchema.SID);
      values = DocValues.getSortedSet(context.reader(), FacetsConfig.DEFAULT_INDEX_FIELD_NAME);
    }

    @Override
    public void collect(int doc) throws IOException {
      if (!sids.advanceExact(doc) || !values.advanceExact(doc)) {
        return;
      }
      int sid = sids.ordValue();
      int sessions = sids.getValueCount();
      for (int i = 0; i < values.docValueCount(); i++) {
        sessionsByValue.computeIfAbsent(values.nextOrd(), o -> new FixedBitSet(sessions)).set(sid);
      }
    }

    /** Names what the current segment collected. */
    void flush() throws IOException {
      for (var entry : sessionsByValue.entrySet()) {
        Set<String> named =
            sidsByLabel.computeIfAbsent(
                values.lookupOrd(entry.getKey()).utf8ToString(), l -> new HashSet<>());
        FixedBitSet bits = entry.getValue();
        for (int s = bits.nextSetBit(0); s != NO_MORE_DOCS; s = next(bits, s)) {
          named.add(sids.lookupOrd(s).utf8ToString());
        }
      }
      sessionsByValue.clear();
    }

    private static int next(FixedBitSet bits, int after) {
      return after + 1 < bits.length() ? bits.nextSetBit(after + 1) : NO_MORE_DOCS;
    }

    @Override
    public ScoreMode scoreMode() {
      return ScoreMode.COMPLETE_NO_SCORES;
    }
  }
}
