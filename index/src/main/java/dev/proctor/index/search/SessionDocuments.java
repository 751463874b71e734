package dev.proctor.index.search;

import dev.proctor.format.Annotation;
import dev.proctor.format.Finding;
import dev.proctor.format.SessionOpen;
import dev.proctor.format.Transcript;
import dev.proctor.format.Ulid;
import dev.proctor.format.Verification;
import dev.proctor.index.conversation.Conversation;
import dev.proctor.index.conversation.Message;
import dev.proctor.secrets.SecretMatch;
import dev.proctor.secrets.SecretScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;

/**
 * Turns one recorded session into its documents: one for the session, one per exchange and one per
 * message. Every document carries the facets that apply to it; the session's are the union of its
 * exchanges'. Secrets are the ones the gateway recorded plus the ones the scanner finds in the text
 * now, so text recorded unmasked is still flagged.
 */
final class SessionDocuments {
  private static final int TITLE_LENGTH = 120;

  private final SecretScanner scanner;
  private final boolean fingerprintsComparable;

  /**
   * @param fingerprintsComparable the scanner fingerprints with the organisation key, so its
   *     fingerprints can be searched beside the gateway's
   */
  SessionDocuments(SecretScanner scanner, boolean fingerprintsComparable) {
    this.scanner = scanner;
    this.fingerprintsComparable = fingerprintsComparable;
  }

  /**
   * @param sourceDigest identifies the stored objects and annotations this was built from
   */
  List<Document> build(
      String sid,
      Optional<Transcript> transcript,
      Verification integrity,
      List<Annotation> annotations,
      String sourceDigest) {
    Map<Facet, Set<String>> sessionFacets = new EnumMap<>(Facet.class);
    Map<Facet, Set<String>> common = new EnumMap<>(Facet.class);
    transcript.flatMap(Transcript::open).ifPresent(open -> describeCaller(open, common));
    put(common, Facet.INTEGRITY, integrity.status().name().toLowerCase(java.util.Locale.ROOT));
    common.forEach((f, v) -> sessionFacets.computeIfAbsent(f, k -> new TreeSet<>()).addAll(v));
    annotations.stream()
        .filter(a -> a.xid().isEmpty())
        .forEach(a -> put(common, Facet.FLAG_STATUS, a.status().wireName()));

    List<Document> docs = new ArrayList<>();
    String title = "";
    List<Transcript.Exchange> exchanges = transcript.map(Transcript::exchanges).orElse(List.of());
    for (Transcript.Exchange x : exchanges) {
      Map<Facet, Set<String>> facets = copy(common);
      x.request().model().ifPresent(m -> put(facets, Facet.MODEL, m));
      put(facets, Facet.API, x.request().api().wireName());
      put(facets, Facet.OUTCOME, x.end().map(e -> e.outcome().wireName()).orElse("unfinished"));
      annotations.stream()
          .filter(a -> a.xid().equals(Optional.of(x.xid())))
          .forEach(a -> put(facets, Facet.FLAG_STATUS, a.status().wireName()));

      List<Message> messages = Conversation.of(x);
      List<Finding> requestFindings = x.request().findings();
      List<Finding> responseFindings = x.end().map(e -> e.findings()).orElse(List.of());
      boolean requestFindingsPlaced = false;
      boolean responseFindingsPlaced = false;
      Set<String> exchangeRules = new TreeSet<>();
      Set<String> exchangeFingerprints = new TreeSet<>();
      List<Document> messageDocs = new ArrayList<>();
      for (Message m : messages) {
        if (title.isEmpty() && m.role() == Message.Role.USER) {
          title = shorten(m.text());
        }
        Set<String> rules = new TreeSet<>();
        Set<String> fingerprints = new TreeSet<>();
        boolean request = m.role() == Message.Role.USER || m.role() == Message.Role.TOOL_RESULT;
        if (request && !requestFindingsPlaced) {
          recorded(requestFindings, rules, fingerprints);
          requestFindingsPlaced = true;
        } else if (!request && !responseFindingsPlaced) {
          recorded(responseFindings, rules, fingerprints);
          responseFindingsPlaced = true;
        }
        for (SecretMatch match : scanner.scan(m.text())) {
          rules.add(match.rule().id());
          if (fingerprintsComparable) {
            fingerprints.add(match.fingerprint());
          }
        }
        exchangeRules.addAll(rules);
        exchangeFingerprints.addAll(fingerprints);
        Map<Facet, Set<String>> messageFacets = copy(facets);
        rules.forEach(r -> put(messageFacets, Facet.FINDING_RULE, r));
        Document doc = base(IndexSchema.MESSAGE, sid, x.started().toEpochMilli(), messageFacets);
        doc.add(new StringField(IndexSchema.XID, x.xid(), Field.Store.YES));
        doc.add(new StringField(IndexSchema.ROLE, m.role().wireName(), Field.Store.YES));
        if (!m.tool().isEmpty()) {
          doc.add(new StoredField(IndexSchema.TOOL, m.tool()));
        }
        doc.add(new Field(IndexSchema.TEXT, m.text(), IndexSchema.TEXT_TYPE));
        fingerprints.forEach(
            fp -> doc.add(new StringField(IndexSchema.FINGERPRINT, fp, Field.Store.NO)));
        messageDocs.add(doc);
      }
      // findings recorded for a side with no readable message still count for the exchange
      if (!requestFindingsPlaced) {
        recorded(requestFindings, exchangeRules, exchangeFingerprints);
      }
      if (!responseFindingsPlaced) {
        recorded(responseFindings, exchangeRules, exchangeFingerprints);
      }
      exchangeRules.forEach(r -> put(facets, Facet.FINDING_RULE, r));
      Document exchange = base(IndexSchema.EXCHANGE, sid, x.started().toEpochMilli(), facets);
      exchange.add(new StringField(IndexSchema.XID, x.xid(), Field.Store.YES));
      x.response().ifPresent(r -> exchange.add(new StoredField("status", r.status())));
      x.end().ifPresent(e -> exchange.add(new StoredField("duration_ms", e.durationMs())));
      exchangeFingerprints.forEach(
          fp -> exchange.add(new StringField(IndexSchema.FINGERPRINT, fp, Field.Store.NO)));
      docs.add(exchange);
      docs.addAll(messageDocs);
      facets.forEach((f, v) -> sessionFacets.computeIfAbsent(f, k -> new TreeSet<>()).addAll(v));
    }

    annotations.forEach(a -> put(sessionFacets, Facet.FLAG_STATUS, a.status().wireName()));
    long started =
        transcript.map(t -> t.started().toEpochMilli()).orElse(Ulid.instant(sid).toEpochMilli());
    Document session = base(IndexSchema.SESSION, sid, started, sessionFacets);
    session.add(new StoredField(IndexSchema.INTEGRITY_DETAIL, integrity.toString()));
    session.add(new StoredField(IndexSchema.EXCHANGES, exchanges.size()));
    session.add(
        new StoredField(IndexSchema.TITLE, transcript.isEmpty() ? "(no readable events)" : title));
    session.add(new StoredField(IndexSchema.SOURCE_DIGEST, sourceDigest));
    docs.addFirst(session);
    return docs.stream().map(SessionDocuments::withFacets).toList();
  }

  private static void describeCaller(SessionOpen open, Map<Facet, Set<String>> facets) {
    put(facets, Facet.USER, open.identity().subject());
    open.identity().groups().forEach(g -> put(facets, Facet.GROUP, g));
    put(facets, Facet.CONNECTION, open.connection());
    Optional.ofNullable(open.context().get("repository"))
        .ifPresent(a -> put(facets, Facet.REPOSITORY, a.value()));
    Optional.ofNullable(open.context().get("environment"))
        .ifPresent(a -> put(facets, Facet.ENVIRONMENT, a.value()));
  }

  private static void recorded(List<Finding> findings, Set<String> rules, Set<String> prints) {
    for (Finding f : findings) {
      rules.add(f.rule());
      prints.add(f.fingerprint());
    }
  }

  private static Document base(String type, String sid, long time, Map<Facet, Set<String>> facets) {
    Document doc = new Document();
    doc.add(new StringField(IndexSchema.TYPE, type, Field.Store.YES));
    doc.add(new StringField(IndexSchema.SID, sid, Field.Store.YES));
    doc.add(new LongPoint(IndexSchema.TIME, time));
    doc.add(new NumericDocValuesField(IndexSchema.TIME, time));
    doc.add(new StoredField(IndexSchema.TIME, time));
    facets.forEach(
        (facet, values) -> {
          for (String value : values) {
            if (value.isEmpty()) {
              continue;
            }
            doc.add(new StringField(facet.field(), value, Field.Store.YES));
            doc.add(new SortedSetDocValuesFacetField(facet.field(), value));
          }
        });
    return doc;
  }

  private static Document withFacets(Document doc) {
    try {
      return IndexSchema.FACETS.build(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void put(Map<Facet, Set<String>> facets, Facet facet, String value) {
    facets.computeIfAbsent(facet, f -> new TreeSet<>()).add(value);
  }

  private static Map<Facet, Set<String>> copy(Map<Facet, Set<String>> facets) {
    Map<Facet, Set<String>> copy = new EnumMap<>(Facet.class);
    facets.forEach((f, v) -> copy.put(f, new TreeSet<>(v)));
    return copy;
  }

  private static String shorten(String text) {
    String head = text.length() > 4 * TITLE_LENGTH ? text.substring(0, 4 * TITLE_LENGTH) : text;
    String line = head.strip().replaceAll("\\s+", " ");
    return line.length() > TITLE_LENGTH ? line.substring(0, TITLE_LENGTH) + "…" : line;
  }
}
