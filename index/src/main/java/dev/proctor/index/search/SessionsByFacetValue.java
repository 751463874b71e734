package dev.proctor.index.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.util.FixedBitSet;

/**
 * For each facet value, how many distinct sessions the matching messages that carry it belong to:
 * the number of sessions a list would show if that value were ticked too.
 *
 * <p>A session's documents are indexed as one block that starts with the session's own document
 * ({@link SessionIndex#index}), so they sit next to each other in one index segment: a message
 * belongs to the nearest session document before it, messages are collected in order, a value
 * counts a session when it is seen in a session other than the one it was last seen in, and the
 * counts of segments add up. No per-document session id is needed, which would cost every search.
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
    Map<String, Long> byLabel = new HashMap<>();
    for (Sessions c : collectors) {
      c.finishSegment();
      c.byLabel.forEach((label, n) -> byLabel.merge(label, n, Long::sum));
    }
    Map<Facet, List<SearchResult.FacetCount>> counts = new EnumMap<>(Facet.class);
    for (Facet facet : Facet.values()) {
      counts.put(facet, new ArrayList<>()); // every facet, as a search's counts have it
    }
    byLabel.forEach(
        (label, n) -> {
          String[] path = FacetsConfig.stringToPath(label);
          counts.get(Facet.of(path[0])).add(new SearchResult.FacetCount(path[1], n));
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

  /** Counts per segment by ordinals, and names the values once the segment is done. */
  static final class Sessions extends SimpleCollector {
    private final Map<String, Long> byLabel = new HashMap<>();
    private FixedBitSet sessionDocs;
    private SortedSetDocValues values;
    private int[] lastSession = new int[0];
    private long[] sessions = new long[0];

    @Override
    protected void doSetNextReader(LeafReaderContext context) throws IOException {
      finishSegment();
      sessionDocs = sessionDocs(context.reader());
      values = DocValues.getSortedSet(context.reader(), FacetsConfig.DEFAULT_INDEX_FIELD_NAME);
      int valueCount = Math.toIntExact(values.getValueCount());
      lastSession = new int[valueCount];
      Arrays.fill(lastSession, Integer.MIN_VALUE);
      sessions = new long[valueCount];
    }

    @Override
    public void collect(int doc) throws IOException {
      if (!values.advanceExact(doc)) {
        return;
      }
      int session = sessionDocs.prevSetBit(doc);
      for (int i = 0; i < values.docValueCount(); i++) {
        int value = (int) values.nextOrd();
        if (lastSession[value] != session) {
          lastSession[value] = session;
          sessions[value]++;
        }
      }
    }

    /** The segment's session documents, each the first of its session's block. */
    private static FixedBitSet sessionDocs(LeafReader reader) throws IOException {
      FixedBitSet docs = new FixedBitSet(Math.max(1, reader.maxDoc()));
      PostingsEnum postings =
          reader.postings(new Term(IndexSchema.TYPE, IndexSchema.SESSION), PostingsEnum.NONE);
      if (postings != null) {
        docs.or(postings);
      }
      return docs;
    }

    /** Adds the current segment's counts under the values' names. */
    void finishSegment() throws IOException {
      for (int value = 0; value < sessions.length; value++) {
        if (sessions[value] > 0) {
          byLabel.merge(values.lookupOrd(value).utf8ToString(), sessions[value], Long::sum);
        }
      }
      sessions = new long[0];
    }

    @Override
    public ScoreMode scoreMode() {
      return ScoreMode.COMPLETE_NO_SCORES;
    }
  }
}
