package dev.proctor.index.search;

import dev.proctor.format.Annotation;
import dev.proctor.format.Transcript;
import dev.proctor.format.Verification;
import dev.proctor.secrets.SecretScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene index of recorded sessions: per session, per exchange and per message documents (see
 * {@link SessionDocuments}). A session's documents are replaced together, so re-indexing never
 * duplicates. Searches see what was indexed up to the last {@link #refresh()} (near-real-time: a
 * sync refreshes as it goes) and may run while another thread indexes.
 *
 * <p>The index records the schema and rules version it was built with; when either differs on
 * opening, {@link #needsRebuild()} says so and every session must be indexed again.
 *
 * <p>Opening takes Lucene's write lock: one process at a time uses an index directory.
 */
public final class SessionIndex implements AutoCloseable {
  private static final String VERSION_KEY = "proctor.index.version";
  private static final int FACET_VALUES = 10;
  private static final int SNIPPET_CHARS = 240;

  /** Messages read per session wanted when sessions are listed by a text query. */
  private static final int SESSION_FANOUT = 20;

  private static final Sort NEWEST =
      new Sort(new SortField(IndexSchema.TIME, SortField.Type.LONG, true));

  private final Directory directory;
  private final Optional<IndexWriter> writer; // empty when opened read-only
  private final SearcherManager searchers;
  private final SessionDocuments documents;
  private final String version;
  private final boolean needsRebuild;

  private SessionIndex(
      Directory directory, IndexWriter writer, SessionDocuments documents, String version)
      throws IOException {
    this.directory = directory;
    this.writer = Optional.of(writer);
    this.documents = documents;
    this.version = version;
    String stored = writer.getLiveCommitData() == null ? null : commitData(writer).get(VERSION_KEY);
    this.needsRebuild = writer.getDocStats().numDocs > 0 && !version.equals(stored);
    if (needsRebuild) {
      writer.deleteAll();
    }
    this.searchers = new SearcherManager(writer, new FacetedSearcherFactory());
  }

  private SessionIndex(Directory directory, SessionDocuments documents, String version)
      throws IOException {
    this.directory = directory;
    this.writer = Optional.empty();
    this.documents = documents;
    this.version = version;
    this.needsRebuild = false;
    this.searchers = new SearcherManager(directory, new FacetedSearcherFactory());
  }

  /**
   * Opens (or creates) the index under {@code dir}.
   *
   * @param scanner judges secrets at index time
   * @param fingerprintsComparable whether {@code scanner} fingerprints with the organisation key
   * @throws IndexInUseException if another process has it open for writing
   */
  public static SessionIndex open(Path dir, SecretScanner scanner, boolean fingerprintsComparable)
      throws IOException {
    Directory directory = FSDirectory.open(Files.createDirectories(dir));
    IndexWriterConfig config =
        new IndexWriterConfig(new CodeAnalyzer())
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
            .setRAMBufferSizeMB(128);
    IndexWriter writer;
    try {
      writer = new IndexWriter(directory, config);
    } catch (LockObtainFailedException e) {
      directory.close();
      throw new IndexInUseException(e);
    }
    return new SessionIndex(
        directory,
        writer,
        new SessionDocuments(scanner, fingerprintsComparable),
        version(scanner, fingerprintsComparable));
  }

  /**
   * Opens the index under {@code dir} to search only, as its last commit has it, beside the process
   * that writes it (the workstation, or a sync).
   *
   * @throws IOException if there is no index there yet, or it was built with another schema or rule
   *     set (only a writer can rebuild it)
   */
  public static SessionIndex openReadOnly(
      Path dir, SecretScanner scanner, boolean fingerprintsComparable) throws IOException {
    Directory directory = FSDirectory.open(dir);
    try {
      if (!DirectoryReader.indexExists(directory)) {
        throw new IOException(
            "there is no local index yet: sync first (./proctor sync, or Sync in the workstation)");
      }
      String version = version(scanner, fingerprintsComparable);
      if (!version.equals(
          SegmentInfos.readLatestCommit(directory).getUserData().get(VERSION_KEY))) {
        throw new IOException(
            "the local index was built with other rules or schema, and another Proctor process"
                + " holds it open; close that process and run this again to rebuild it");
      }
      return new SessionIndex(
          directory, new SessionDocuments(scanner, fingerprintsComparable), version);
    } catch (IOException | RuntimeException e) {
      directory.close();
      throw e;
    }
  }

  private static String version(SecretScanner scanner, boolean fingerprintsComparable) {
    return IndexSchema.VERSION
        + "/"
        + scanner.rules().version()
        + "/"
        + (fingerprintsComparable ? scanner.fingerprinter().of("proctor-index") : "local");
  }

  /** Another process (the workstation, or a sync) has the index open for writing. */
  public static final class IndexInUseException extends IOException {
    IndexInUseException(LockObtainFailedException cause) {
      super(
          "the local index is open in another Proctor process (the workstation, or a sync);"
              + " sync from there, or close it and try again",
          cause);
    }
  }

  /** False when opened with {@link #openReadOnly}. */
  public boolean writable() {
    return writer.isPresent();
  }

  private IndexWriter writer() {
    return writer.orElseThrow(() -> new IllegalStateException("the index was opened read-only"));
  }

  /**
   * True when the index on disk was built with another schema or rule set; it was emptied, and
   * every session must be indexed again.
   */
  public boolean needsRebuild() {
    return needsRebuild;
  }

  /**
   * Replaces every document of one session, as one block: a session's documents stay next to each
   * other in one segment, which {@link SessionsByFacetValue} counts on.
   *
   * @param transcript empty when no event of the session could be read
   * @param sourceDigest what the documents were built from; see {@link #indexedDigests()}
   */
  public void index(
      String sid,
      Optional<Transcript> transcript,
      Verification integrity,
      List<Annotation> annotations,
      String sourceDigest)
      throws IOException {
    writer()
        .updateDocuments(
            new Term(IndexSchema.SID, sid),
            documents.build(sid, transcript, integrity, annotations, sourceDigest));
  }

  /** Makes what was indexed so far visible to searches. */
  public void refresh() throws IOException {
    searchers.maybeRefreshBlocking();
  }

  /** Makes the index durable, with the version it was built with. */
  public void commit() throws IOException {
    IndexWriter w = writer();
    w.setLiveCommitData(Map.of(VERSION_KEY, version).entrySet());
    w.commit();
    refresh();
  }

  /** The source digest of every indexed session, by sid, as of the last refresh. */
  public Map<String, String> indexedDigests() throws IOException {
    return withSearcher(
        searcher -> {
          Map<String, String> digests = new HashMap<>();
          var stored = searcher.storedFields();
          var query = new TermQuery(new Term(IndexSchema.TYPE, IndexSchema.SESSION));
          TopDocs all = searcher.search(query, Math.max(1, searcher.count(query)));
          for (ScoreDoc sd : all.scoreDocs) {
            Document doc =
                stored.document(sd.doc, Set.of(IndexSchema.SID, IndexSchema.SOURCE_DIGEST));
            digests.put(doc.get(IndexSchema.SID), doc.get(IndexSchema.SOURCE_DIGEST));
          }
          return digests;
        });
  }

  /** Messages matching the query, with facet counts over all of them. */
  public SearchResult search(SearchQuery q) throws IOException {
    Query query = messages(q);
    return withSearcher(
        searcher -> {
          FacetsCollectorManager.FacetsResult result =
              q.order() == SearchQuery.Order.NEWEST
                  ? FacetsCollectorManager.search(
                      searcher, query, q.limit(), NEWEST, new FacetsCollectorManager())
                  : FacetsCollectorManager.search(
                      searcher, query, q.limit(), new FacetsCollectorManager());
          TopDocs top = result.topDocs();
          String[] snippets = highlight(searcher, query, top);
          Map<String, SessionSummary> sessions = new HashMap<>();
          List<SearchHit> hits = new ArrayList<>();
          for (int i = 0; i < top.scoreDocs.length; i++) {
            Document doc = searcher.storedFields().document(top.scoreDocs[i].doc);
            hits.add(hit(searcher, sessions, doc, snippets[i]));
          }
          return new SearchResult(
              top.totalHits.value(), hits, facetCounts(searcher, result.facetsCollector()));
        });
  }

  /**
   * The sessions a query finds, counted by facet value, for a list of sessions to show beside it.
   * Without text or filters, every session counts once under each value it has in any of its
   * exchanges (one that used two models counts under both), as {@link #sessions} lists them.
   * Otherwise a value counts the sessions that have a matching message carrying it: what the list
   * would hold with that value ticked too.
   */
  public Map<Facet, List<SearchResult.FacetCount>> sessionFacets(SearchQuery q) throws IOException {
    return withSearcher(
        searcher -> {
          if (q.text().isBlank() && q.filters().isEmpty()) {
            Query sessions = filtered(IndexSchema.SESSION, new MatchAllDocsQuery(), q);
            return facetCounts(searcher, searcher.search(sessions, new FacetsCollectorManager()));
          }
          return searcher.search(messages(q), new SessionsByFacetValue(FACET_VALUES));
        });
  }

  private static Map<Facet, List<SearchResult.FacetCount>> facetCounts(
      FacetedSearcher searcher, FacetsCollector collected) throws IOException {
    Map<Facet, List<SearchResult.FacetCount>> facets = new EnumMap<>(Facet.class);
    Optional<SortedSetDocValuesReaderState> state = searcher.facetState();
    if (state.isPresent()) {
      var counts = new SortedSetDocValuesFacetCounts(state.get(), collected);
      for (Facet f : Facet.values()) {
        facets.put(f, counts(state.get(), counts, f));
      }
    }
    return facets;
  }

  /**
   * Sessions newest first: those that pass the filters when the query has no text, otherwise the
   * sessions of the best matching messages in order of their best message.
   */
  public List<SessionSummary> sessions(SearchQuery q) throws IOException {
    if (q.text().isBlank()) {
      Query query = filtered(IndexSchema.SESSION, new MatchAllDocsQuery(), q);
      return withSearcher(
          searcher -> {
            List<SessionSummary> result = new ArrayList<>();
            for (ScoreDoc sd : searcher.search(query, q.limit(), NEWEST).scoreDocs) {
              result.add(summary(searcher.storedFields().document(sd.doc)));
            }
            return result;
          });
    }
    Query query = messages(q);
    return withSearcher(
        searcher -> {
          Map<String, SessionSummary> bySid = new LinkedHashMap<>();
          TopDocs top =
              q.order() == SearchQuery.Order.NEWEST
                  ? searcher.search(query, q.limit() * SESSION_FANOUT, NEWEST)
                  : searcher.search(query, q.limit() * SESSION_FANOUT);
          for (ScoreDoc sd : top.scoreDocs) {
            if (bySid.size() >= q.limit()) {
              break;
            }
            String sid =
                searcher
                    .storedFields()
                    .document(sd.doc, Set.of(IndexSchema.SID))
                    .get(IndexSchema.SID);
            if (!bySid.containsKey(sid)) {
              sessionOf(searcher, sid).ifPresent(s -> bySid.put(sid, s));
            }
          }
          return List.copyOf(bySid.values());
        });
  }

  /** One session's summary, when it is indexed. */
  public Optional<SessionSummary> session(String sid) throws IOException {
    return withSearcher(searcher -> sessionOf(searcher, sid));
  }

  /**
   * "Was this key exposed?": the messages whose recorded or index-time findings carry one of {@code
   * fingerprints} (see {@code SecretScanner.fingerprintsOf}), newest first.
   */
  public List<SearchHit> exposures(Set<String> fingerprints, int limit) throws IOException {
    if (fingerprints.isEmpty()) {
      return List.of();
    }
    Query query =
        new BooleanQuery.Builder()
            .add(
                new TermInSetQuery(
                    IndexSchema.FINGERPRINT, fingerprints.stream().map(BytesRef::new).toList()),
                BooleanClause.Occur.FILTER)
            .add(typeIs(IndexSchema.MESSAGE), BooleanClause.Occur.FILTER)
            .build();
    return withSearcher(
        searcher -> {
          Map<String, SessionSummary> sessions = new HashMap<>();
          List<SearchHit> hits = new ArrayList<>();
          for (ScoreDoc sd : searcher.search(query, limit, NEWEST).scoreDocs) {
            hits.add(hit(searcher, sessions, searcher.storedFields().document(sd.doc), null));
          }
          return hits;
        });
  }

  /** Secrets found in the recorded sessions, newest first, at most {@code limit}. */
  public List<FindingRecord> findings(int limit) throws IOException {
    return withSearcher(
        searcher -> {
          List<FindingRecord> out = new ArrayList<>();
          for (ScoreDoc sd :
              searcher.search(typeIs(IndexSchema.FINDING), limit, NEWEST).scoreDocs) {
            out.add(finding(searcher.storedFields().document(sd.doc)));
          }
          return out;
        });
  }

  private static FindingRecord finding(Document doc) {
    return new FindingRecord(
        doc.get(IndexSchema.SID),
        doc.get(IndexSchema.XID),
        Instant.ofEpochMilli(doc.getField(IndexSchema.TIME).numericValue().longValue()),
        doc.get(IndexSchema.FINDING_USER),
        doc.get(IndexSchema.RULE),
        doc.get(IndexSchema.DIRECTION),
        doc.get(IndexSchema.HANDLING),
        doc.get(IndexSchema.SOURCE),
        doc.get(IndexSchema.FINDING_PRINT),
        Optional.ofNullable(doc.get(IndexSchema.STATUS)).map(Annotation.Status::of),
        Optional.ofNullable(doc.get(IndexSchema.ANNOTATION)));
  }

  private Query messages(SearchQuery q) {
    Query text = q.text().isBlank() ? new MatchAllDocsQuery() : QuerySyntax.parse(q.text());
    return filtered(IndexSchema.MESSAGE, text, q);
  }

  private static Query filtered(String type, Query query, SearchQuery q) {
    BooleanQuery.Builder b =
        new BooleanQuery.Builder()
            .add(query, BooleanClause.Occur.MUST)
            .add(typeIs(type), BooleanClause.Occur.FILTER);
    q.filters()
        .forEach(
            (facet, values) ->
                b.add(
                    type.equals(IndexSchema.MESSAGE)
                        ? IndexSchema.facetFilter(facet, values)
                        : new TermInSetQuery(
                            facet.field(), values.stream().map(BytesRef::new).toList()),
                    BooleanClause.Occur.FILTER));
    if (q.from().isPresent() || q.to().isPresent()) {
      b.add(
          LongPoint.newRangeQuery(
              IndexSchema.TIME,
              q.from().map(Instant::toEpochMilli).orElse(Long.MIN_VALUE),
              q.to().map(t -> t.toEpochMilli() - 1).orElse(Long.MAX_VALUE)),
          BooleanClause.Occur.FILTER);
    }
    return b.build();
  }

  private static TermQuery typeIs(String type) {
    return new TermQuery(new Term(IndexSchema.TYPE, type));
  }

  private static String[] highlight(IndexSearcher searcher, Query query, TopDocs top)
      throws IOException {
    if (top.scoreDocs.length == 0) {
      return new String[0];
    }
    return UnifiedHighlighter.builder(searcher, new CodeAnalyzer())
        .withMaxLength(1 << 20)
        // term-by-term, not by Matches: a doc-values facet filter in the query has no positions and
        // left the whole hit unhighlighted
        .withWeightMatches(false)
        .withFormatter(
            new DefaultPassageFormatter(Snippet.HIT_START, Snippet.HIT_END, "... ", false))
        .build()
        .highlight(IndexSchema.TEXT, query, top, 2);
  }

  private static SearchHit hit(
      FacetedSearcher searcher,
      Map<String, SessionSummary> sessions,
      Document doc,
      String snippet) {
    String sid = doc.get(IndexSchema.SID);
    SessionSummary session =
        sessions.computeIfAbsent(
            sid,
            s -> {
              try {
                return sessionOf(searcher, s).orElseThrow();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    String text = doc.get(IndexSchema.TEXT);
    String shown =
        snippet != null
            ? Snippet.fromMarked(snippet)
            : Snippet.plain(
                text.length() > SNIPPET_CHARS ? text.substring(0, SNIPPET_CHARS) + "…" : text);
    return new SearchHit(
        session,
        doc.get(IndexSchema.XID),
        doc.get(IndexSchema.ROLE),
        Instant.ofEpochMilli(doc.getField(IndexSchema.TIME).numericValue().longValue()),
        shown,
        Arrays.asList(doc.getValues(IndexSchema.MESSAGE_RULES)));
  }

  private static Optional<SessionSummary> sessionOf(IndexSearcher searcher, String sid)
      throws IOException {
    Query q =
        new BooleanQuery.Builder()
            .add(new TermQuery(new Term(IndexSchema.SID, sid)), BooleanClause.Occur.FILTER)
            .add(typeIs(IndexSchema.SESSION), BooleanClause.Occur.FILTER)
            .build();
    TopDocs top = searcher.search(q, 1);
    return top.scoreDocs.length == 0
        ? Optional.empty()
        : Optional.of(summary(searcher.storedFields().document(top.scoreDocs[0].doc)));
  }

  private static SessionSummary summary(Document doc) {
    return new SessionSummary(
        doc.get(IndexSchema.SID),
        Optional.ofNullable(doc.get(Facet.USER.field())).orElse(""),
        Optional.ofNullable(doc.get(Facet.CONNECTION.field())).orElse(""),
        Instant.ofEpochMilli(doc.getField(IndexSchema.TIME).numericValue().longValue()),
        doc.getField(IndexSchema.EXCHANGES).numericValue().intValue(),
        doc.get(IndexSchema.INTEGRITY_DETAIL),
        doc.get(IndexSchema.TITLE),
        Arrays.asList(doc.getValues(Facet.FINDING_RULE.field())),
        Arrays.asList(doc.getValues(Facet.FLAG_STATUS.field())));
  }

  private static List<SearchResult.FacetCount> counts(
      SortedSetDocValuesReaderState state, SortedSetDocValuesFacetCounts counts, Facet f)
      throws IOException {
    if (state.getOrdRange(f.field()) == null) {
      return List.of();
    }
    FacetResult top = counts.getTopChildren(FACET_VALUES, f.field());
    if (top == null) {
      return List.of();
    }
    List<SearchResult.FacetCount> values = new ArrayList<>();
    for (LabelAndValue lv : top.labelValues) {
      values.add(new SearchResult.FacetCount(lv.label, lv.value.longValue()));
    }
    return values;
  }

  private static Map<String, String> commitData(IndexWriter writer) {
    Map<String, String> data = new HashMap<>();
    writer.getLiveCommitData().forEach(e -> data.put(e.getKey(), e.getValue()));
    return data;
  }

  private <T> T withSearcher(SearcherTask<T> task) throws IOException {
    FacetedSearcher searcher = (FacetedSearcher) searchers.acquire();
    try {
      return task.run(searcher);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      searchers.release(searcher);
    }
  }

  @Override
  public void close() throws IOException {
    searchers.close();
    if (writer.isPresent()) {
      writer.get().close();
    }
    directory.close();
  }

  @FunctionalInterface
  private interface SearcherTask<T> {
    T run(FacetedSearcher searcher) throws IOException;
  }

  /**
   * A searcher with its reader's facet ordinals, built by the first search that counts facets: a
   * sync refreshes every second, and building them at each refresh would slow the sync.
   */
  private static final class FacetedSearcher extends IndexSearcher {
    private Optional<SortedSetDocValuesReaderState> facetState;

    FacetedSearcher(IndexReader reader) {
      super(reader);
    }

    synchronized Optional<SortedSetDocValuesReaderState> facetState() throws IOException {
      if (facetState == null) {
        try {
          facetState =
              Optional.of(
                  new DefaultSortedSetDocValuesReaderState(getIndexReader(), IndexSchema.FACETS));
        } catch (IllegalArgumentException e) {
          facetState = Optional.empty(); // no document has facets yet
        }
      }
      return facetState;
    }
  }

  private static final class FacetedSearcherFactory extends SearcherFactory {
    @Override
    public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) throws IOException {
      return new FacetedSearcher(reader);
    }
  }
}
