package dev.proctor.index.search;

import dev.proctor.format.Finding;
import dev.proctor.format.Transcript;
import dev.proctor.format.Ulid;
import dev.proctor.format.Verification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The Lucene index of recorded sessions: one document per session and one per message (the prompt
 * and the response of each exchange). A session's documents are replaced together, so re-indexing
 * never duplicates.
 *
 * <p>It is opened with {@link #openForWriting}, which takes Lucene's write lock: one process at a
 * time uses an index directory.
 */
public final class SessionIndex implements AutoCloseable {
  private static final String TYPE = "doc_type";
  private static final String SID = "sid";
  private static final String FINDING_RULE = "finding_rule";
  private static final String FINGERPRINT = "fingerprint";
  private static final String TEXT = "text";
  private static final int TITLE_LENGTH = 120;

  private final Directory directory;
  private final Analyzer analyzer = new StandardAnalyzer();
  private final IndexWriter writer;

  private SessionIndex(Directory directory, IndexWriter writer) {
    this.directory = directory;
    this.writer = writer;
  }

  public static SessionIndex openForWriting(Path dir) throws IOException {
    Directory directory = FSDirectory.open(Files.createDirectories(dir));
    IndexWriterConfig config =
        new IndexWriterConfig(new StandardAnalyzer())
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    return new SessionIndex(directory, new IndexWriter(directory, config));
  }

  /** Replaces every document of the transcript's session. */
  public void index(Transcript transcript, Verification integrity) throws IOException {
    if (writer == null) {
      throw new IllegalStateException("index opened for reading");
    }
    String sid = transcript.sid();
    String user = transcript.open().map(o -> o.identity().subject()).orElse("");
    String connection = transcript.open().map(o -> o.connection()).orElse("");
    long started = transcript.started().toEpochMilli();
    List<Document> docs = new ArrayList<>();
    Document session = base("session", sid, user, connection, started);
    StringBuilder all = new StringBuilder();
    String title = "";
    for (Transcript.Exchange x : transcript.exchanges()) {
      String prompt = x.prompt();
      String response = x.responseText();
      if (title.isEmpty()) {
        title = prompt.length() > TITLE_LENGTH ? prompt.substring(0, TITLE_LENGTH) + "…" : prompt;
      }
      all.append(prompt).append('\n').append(response).append('\n');
      docs.add(message(sid, user, connection, x, "user", prompt, x.request().findings()));
      docs.add(
          message(
              sid,
              user,
              connection,
              x,
              "assistant",
              response,
              x.end().map(e -> e.findings()).orElse(List.of())));
    }
    session.add(new StoredField("integrity", integrity.toString()));
    session.add(new StoredField("exchanges", transcript.exchanges().size()));
    session.add(new StoredField("title", title));
    session.add(new TextField(TEXT, all.toString(), Field.Store.NO));
    docs.addFirst(session);
    writer.updateDocuments(new Term(SID, sid), docs);
  }

  /** Replaces a session whose events cannot be read with a bare entry carrying its integrity. */
  public void indexUnreadable(String sid, Verification integrity) throws IOException {
    if (writer == null) {
      throw new IllegalStateException("index opened for reading");
    }
    Document session = base("session", sid, "", "", Ulid.instant(sid).toEpochMilli());
    session.add(new StoredField("integrity", integrity.toString()));
    session.add(new StoredField("exchanges", 0));
    session.add(new StoredField("title", "(no readable events)"));
    writer.updateDocuments(new Term(SID, sid), List.of(session));
  }

  public void commit() throws IOException {
    writer.commit();
  }

  /** Sessions newest first, at most {@code limit}. */
  public List<SessionSummary> sessions(int limit) throws IOException {
    try (DirectoryReader reader = openReader()) {
      if (reader == null) {
        return List.of();
      }
      IndexSearcher searcher = new IndexSearcher(reader);
      TopDocs top =
          searcher.search(
              new TermQuery(new Term(TYPE, "session")),
              limit,
              new Sort(new SortField("started", SortField.Type.LONG, true)));
      List<SessionSummary> result = new ArrayList<>();
      for (ScoreDoc sd : top.scoreDocs) {
        result.add(summary(searcher.storedFields().document(sd.doc)));
      }
      return result;
    }
  }

  /**
   * Messages matching a query in Lucene's classic syntax ({@code aws AND key}, {@code "exact
   * phrase"}, {@code role:user}), best first.
   *
   * @throws IllegalArgumentException with the parser's message when the query is malformed
   */
  public List<SearchHit> search(String queryText, int limit) throws IOException {
    Query text;
    try {
      text = new QueryParser(TEXT, analyzer).parse(queryText);
    } catch (ParseException e) {
      throw new IllegalArgumentException(
          "query: " + queryText + " (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
    }
    Query query =
        new BooleanQuery.Builder()
            .add(text, BooleanClause.Occur.MUST)
            .add(new TermQuery(new Term(TYPE, "message")), BooleanClause.Occur.FILTER)
            .build();
    try (DirectoryReader reader = openReader()) {
      if (reader == null) {
        return List.of();
      }
      IndexSearcher searcher = new IndexSearcher(reader);
      TopDocs top = searcher.search(query, limit);
      String[] snippets =
          UnifiedHighlighter.builder(searcher, analyzer).build().highlight(TEXT, query, top);
      Map<String, SessionSummary> sessions = new LinkedHashMap<>();
      List<SearchHit> hits = new ArrayList<>();
      for (int i = 0; i < top.scoreDocs.length; i++) {
        Document doc = searcher.storedFields().document(top.scoreDocs[i].doc);
        String sid = doc.get(SID);
        SessionSummary session = sessions.computeIfAbsent(sid, s -> sessionOf(searcher, s));
        String snippet = snippets[i] != null ? snippets[i] : doc.get(TEXT);
        hits.add(new SearchHit(session, doc.get("xid"), doc.get("role"), snippet));
      }
      return hits;
    }
  }

  private SessionSummary sessionOf(IndexSearcher searcher, String sid) {
    try {
      Query q =
          new BooleanQuery.Builder()
              .add(new TermQuery(new Term(SID, sid)), BooleanClause.Occur.FILTER)
              .add(new TermQuery(new Term(TYPE, "session")), BooleanClause.Occur.FILTER)
              .build();
      TopDocs top = searcher.search(q, 1);
      return summary(searcher.storedFields().document(top.scoreDocs[0].doc));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private DirectoryReader openReader() throws IOException {
    if (writer != null) {
      return DirectoryReader.open(writer);
    }
    return DirectoryReader.indexExists(directory) ? DirectoryReader.open(directory) : null;
  }

  private static Document base(
      String type, String sid, String user, String connection, long started) {
    Document doc = new Document();
    doc.add(new StringField(TYPE, type, Field.Store.YES));
    doc.add(new StringField(SID, sid, Field.Store.YES));
    doc.add(new StringField("user", user, Field.Store.YES));
    doc.add(new StringField("connection", connection, Field.Store.YES));
    doc.add(new LongPoint("started", started));
    doc.add(new NumericDocValuesField("started", started));
    doc.add(new StoredField("started", started));
    return doc;
  }

  /** One message, with the rule and fingerprint of each finding recorded for its direction. */
  private static Document message(
      String sid,
      String user,
      String connection,
      Transcript.Exchange x,
      String role,
      String text,
      List<Finding> findings) {
    Document doc = base("message", sid, user, connection, x.started().toEpochMilli());
    doc.add(new StringField("xid", x.xid(), Field.Store.YES));
    doc.add(new StringField("role", role, Field.Store.YES));
    doc.add(new TextField(TEXT, text, Field.Store.YES));
    for (Finding f : findings) {
      doc.add(new StringField(FINDING_RULE, f.rule(), Field.Store.YES));
      doc.add(new StringField(FINGERPRINT, f.fingerprint(), Field.Store.NO));
    }
    return doc;
  }

  /**
   * "Was this key exposed?": the messages whose recorded findings carry one of {@code fingerprints}
   * (see {@code SecretScanner.fingerprintsOf}), newest first.
   */
  public List<SearchHit> exposures(Set<String> fingerprints, int limit) throws IOException {
    if (fingerprints.isEmpty()) {
      return List.of();
    }
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    for (String fp : fingerprints) {
      any.add(new TermQuery(new Term(FINGERPRINT, fp)), BooleanClause.Occur.SHOULD);
    }
    Query query =
        new BooleanQuery.Builder()
            .add(any.build(), BooleanClause.Occur.MUST)
            .add(new TermQuery(new Term(TYPE, "message")), BooleanClause.Occur.FILTER)
            .build();
    try (DirectoryReader reader = openReader()) {
      if (reader == null) {
        return List.of();
      }
      IndexSearcher searcher = new IndexSearcher(reader);
      TopDocs top =
          searcher.search(
              query, limit, new Sort(new SortField("started", SortField.Type.LONG, true)));
      Map<String, SessionSummary> sessions = new LinkedHashMap<>();
      List<SearchHit> hits = new ArrayList<>();
      for (var sd : top.scoreDocs) {
        Document doc = searcher.storedFields().document(sd.doc);
        SessionSummary session =
            sessions.computeIfAbsent(doc.get(SID), s -> sessionOf(searcher, s));
        hits.add(
            new SearchHit(
                session,
                doc.get("xid"),
                doc.get("role"),
                "finding " + String.join(", ", doc.getValues(FINDING_RULE))));
      }
      return hits;
    }
  }

  private static SessionSummary summary(Document doc) {
    return new SessionSummary(
        doc.get(SID),
        doc.get("user"),
        doc.get("connection"),
        Instant.ofEpochMilli(doc.getField("started").numericValue().longValue()),
        doc.getField("exchanges").numericValue().intValue(),
        doc.get("integrity"),
        doc.get("title"));
  }

  @Override
  public void close() throws IOException {
    if (writer != null) {
      writer.close();
    }
    directory.close();
  }
}
