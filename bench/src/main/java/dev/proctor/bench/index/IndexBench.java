package dev.proctor.bench.index;

import dev.proctor.format.Transcript;
import dev.proctor.format.Verification;
import dev.proctor.index.conversation.Conversation;
import dev.proctor.index.conversation.Message;
import dev.proctor.index.search.Facet;
import dev.proctor.index.search.SearchQuery;
import dev.proctor.index.search.SessionIndex;
import dev.proctor.secrets.Fingerprinter;
import dev.proctor.secrets.RuleSet;
import dev.proctor.secrets.SecretScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.FSDirectory;

/**
 * The index beside plain Lucene, in one run.
 *
 * <ul>
 *   <li><b>Ingest</b>: messages per second, one thread, into a fresh index on disk, final commit
 *       included. Proctor indexes whole sessions through {@link SessionIndex} (code-aware analysis,
 *       offsets, facets, per-exchange and per-session documents, index-time secret scanning); the
 *       baseline indexes the same message texts, one document each, with {@link StandardAnalyzer}
 *       into a stored {@link TextField}. After a warm-up round of each, rounds alternate; medians
 *       are shown.
 *   <li><b>Search</b> on 1,000,000 messages: two query words and two facet filters (user and
 *       model), through {@link SessionIndex#search} (top 50, highlights and every facet's counts),
 *       beside the same two words on the baseline index (top 50, no facets); and the sessions
 *       screen's sidebar for the same queries ({@link SessionIndex#sessionFacets}).
 * </ul>
 *
 * System properties: {@code bench.jdkSources} (src.zip), {@code bench.work}, {@code
 * bench.ingestSessions} (default 25,000 = 100,000 messages), {@code bench.searchMessages}
 * (1,000,000), {@code bench.queries} (2,000), {@code bench.rounds} (3).
 */
public final class IndexBench {
  private IndexBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(System.getProperty("bench.work", "bench/target/index-bench"));
    Corpus corpus =
        Corpus.fromJdkSources(
            Path.of(System.getProperty("bench.jdkSources", "/usr/lib/jvm/openjdk-17/lib/src.zip")),
            60_000_000);
    int ingestSessions = Integer.getInteger("bench.ingestSessions", 25_000);
    int rounds = Integer.getInteger("bench.rounds", 3);
    long searchMessages = Long.getLong("bench.searchMessages", 1_000_000);
    int queries = Integer.getInteger("bench.queries", 2_000);

    List<Transcript> sessions = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < ingestSessions; i++) {
      Transcript t = corpus.session(i);
      sessions.add(t);
      Conversation.Reader conversation = new Conversation.Reader();
      for (Transcript.Exchange x : t.exchanges()) {
        conversation.read(x).stream().map(Message::text).forEach(texts::add);
      }
    }
    long textBytes = texts.stream().mapToLong(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
    System.out.printf(
        "corpus: %,d sessions, %,d messages, %.1f MB of text%n%n",
        sessions.size(), texts.size(), textBytes / 1e6);

    baselineIngest(work.resolve("warm-up-plain"), texts);
    proctorIngest(work.resolve("warm-up-proctor"), sessions);
    double[] proctor = new double[rounds];
    double[] plain = new double[rounds];
    double[] ratios = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      plain[r] = texts.size() / baselineIngest(work.resolve("plain-" + r), texts);
      proctor[r] = texts.size() / proctorIngest(work.resolve("proctor-" + r), sessions);
      ratios[r] = proctor[r] / plain[r];
      System.out.printf(
          "round %d: plain Lucene %,.0f msg/s, Proctor %,.0f msg/s, ratio %.2f%n",
          r + 1, plain[r], proctor[r], ratios[r]);
    }
    double p = median(proctor);
    double b = median(plain);
    System.out.println();
    System.out.println("| ingest (1 thread, median of " + rounds + ") | messages/s | MB/s |");
    System.out.println("|---|---|---|");
    System.out.printf(
        "| plain Lucene, StandardAnalyzer, stored text | %,.0f | %.1f |%n",
        b, b * textBytes / texts.size() / 1e6);
    System.out.printf(
        "| Proctor SessionIndex | %,.0f | %.1f |%n", p, p * textBytes / texts.size() / 1e6);
    System.out.printf(
        "| ratio Proctor / plain (median of the rounds' ratios; range %.2f to %.2f) | %.2f× | |%n%n",
        Arrays.stream(ratios).min().orElse(0),
        Arrays.stream(ratios).max().orElse(0),
        median(ratios));

    if (searchMessages > 0) {
      search(work, corpus, searchMessages, queries);
    }
  }

  /** Seconds to index the texts with plain Lucene. */
  private static double baselineIngest(Path dir, List<String> texts) throws IOException {
    clean(dir);
    long t0 = System.nanoTime();
    try (var directory = FSDirectory.open(dir);
        IndexWriter writer =
            new IndexWriter(
                directory, new IndexWriterConfig(new StandardAnalyzer()).setRAMBufferSizeMB(64))) {
      int n = 0;
      for (String text : texts) {
        Document doc = new Document();
        doc.add(new StringField("id", Integer.toString(n++), Field.Store.YES));
        doc.add(new TextField("text", text, Field.Store.YES));
        writer.addDocument(doc);
      }
      writer.commit();
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Seconds to index the sessions through Proctor's index. */
  private static double proctorIngest(Path dir, List<Transcript> sessions) throws IOException {
    clean(dir);
    long t0 = System.nanoTime();
    try (SessionIndex index = open(dir)) {
      for (Transcript t : sessions) {
        index.index(t.sid(), Optional.of(t), Verification.verified(), List.of(), "bench");
      }
      index.commit();
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static SessionIndex open(Path dir) throws IOException {
    return SessionIndex.open(
        dir, new SecretScanner(RuleSet.builtIn(), new Fingerprinter(new byte[32])), false);
  }

  private static void search(Path work, Corpus corpus, long messages, int queries)
      throws Exception {
    Path proctorDir = work.resolve("search-proctor");
    Path plainDir = work.resolve("search-plain");
    long sessions = messages / 4;
    if (!Files.exists(proctorDir.resolve("built-" + sessions))
        || builtWithAnotherSchema(proctorDir)) {
      clean(proctorDir);
      clean(plainDir);
      long t0 = System.nanoTime();
      try (SessionIndex index = open(proctorDir);
          var directory = FSDirectory.open(plainDir);
          IndexWriter plain =
              new IndexWriter(
                  directory,
                  new IndexWriterConfig(new StandardAnalyzer()).setRAMBufferSizeMB(64))) {
        for (long i = 0; i < sessions; i++) {
          Transcript t = corpus.session(i);
          index.index(t.sid(), Optional.of(t), Verification.verified(), List.of(), "bench");
          Conversation.Reader conversation = new Conversation.Reader();
          for (Transcript.Exchange x : t.exchanges()) {
            for (Message m : conversation.read(x)) {
              Document doc = new Document();
              doc.add(new TextField("text", m.text(), Field.Store.YES));
              plain.addDocument(doc);
            }
          }
        }
        index.commit();
        plain.forceMerge(8);
        plain.commit();
      }
      Files.createFile(proctorDir.resolve("built-" + sessions));
      System.out.printf(
          "built both %,d-message indexes in %.0f s%n", messages, (System.nanoTime() - t0) / 1e9);
    }
    Random random = new Random(7);
    List<String[]> workload = new ArrayList<>();
    for (int i = 0; i < queries; i++) {
      List<String> words = Corpus.QUERY_WORDS;
      workload.add(
          new String[] {
            words.get(random.nextInt(words.size())) + " " + words.get(random.nextInt(words.size())),
            Corpus.USERS.get(random.nextInt(Corpus.USERS.size())),
            Corpus.MODELS.get(random.nextInt(Corpus.MODELS.size()))
          });
    }
    long[] proctorNanos = new long[queries];
    long[] facetOnlyNanos = new long[queries];
    long[] sessionCountNanos = new long[queries];
    long[] sessionCountFacetOnlyNanos = new long[queries];
    long[] plainNanos = new long[queries];
    long hits = 0;
    try (SessionIndex index = open(proctorDir);
        var directory = FSDirectory.open(plainDir);
        DirectoryReader reader = DirectoryReader.open(directory)) {
      IndexSearcher plain = new IndexSearcher(reader);
      QueryParser parser = new QueryParser("text", new StandardAnalyzer());
      parser.setDefaultOperator(QueryParser.Operator.AND);
      for (int pass = 0; pass < 2; pass++) { // the first pass warms up
        for (int i = 0; i < queries; i++) {
          String[] q = workload.get(i);
          SearchQuery query =
              SearchQuery.of(q[0]).withFilter(Facet.USER, q[1]).withFilter(Facet.MODEL, q[2]);
          long t0 = System.nanoTime();
          hits += index.search(query).total();
          proctorNanos[i] = System.nanoTime() - t0;
          t0 = System.nanoTime();
          index.sessionFacets(query);
          sessionCountNanos[i] = System.nanoTime() - t0;
          SearchQuery facetsOnly =
              SearchQuery.of("").withFilter(Facet.USER, q[1]).withFilter(Facet.MODEL, q[2]);
          t0 = System.nanoTime();
          index.search(facetsOnly);
          facetOnlyNanos[i] = System.nanoTime() - t0;
          t0 = System.nanoTime();
          index.sessionFacets(facetsOnly);
          sessionCountFacetOnlyNanos[i] = System.nanoTime() - t0;
          t0 = System.nanoTime();
          var top = plain.search(parser.parse(q[0]), 50);
          for (var sd : top.scoreDocs) {
            plain.storedFields().document(sd.doc);
          }
          plainNanos[i] = System.nanoTime() - t0;
        }
      }
      System.out.printf(
          "| search, %,d messages, %,d queries | p50 ms | p99 ms |%n", reader.numDocs(), queries);
    }
    System.out.println("|---|---|---|");
    row("plain Lucene: two words, top 50", plainNanos);
    row(
        "Proctor: two words + user + model filters, top 50, highlights, facet counts",
        proctorNanos);
    row(
        "Proctor: user + model filters and no words (the workstation's facet clicks)",
        facetOnlyNanos);
    row("Proctor: the sidebar's sessions by facet value, two words + filters", sessionCountNanos);
    row(
        "Proctor: the sidebar's sessions by facet value, filters and no words",
        sessionCountFacetOnlyNanos);
    System.out.printf("(matched %,d messages per query on average)%n", hits / (2L * queries));
  }

  /** One line of the search table: the label, then p50 and p99 in milliseconds. */
  private static void row(String label, long[] nanos) {
    System.out.printf("| %s | %.2f | %.2f |%n", label, pct(nanos, 50), pct(nanos, 99));
  }

  /** Whether an index left by an earlier run has another schema (opening it emptied it). */
  private static boolean builtWithAnotherSchema(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return true;
    }
    try (SessionIndex index = open(dir)) {
      return index.needsRebuild();
    }
  }

  private static double pct(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1)]
        / 1e6;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static void clean(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(dir);
  }
}
