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
import org.apache.lucene.index.IndexableField;

/**
 * Turns one recorded session into its documents: one for the session, one per exchange and one per
 * message. Every document carries the facets that apply to it; the session's are the union of its
 * exchanges'. Secrets are the ones the gateway recorded plus the ones the scanner finds in the text
 * now, so text recorded unmasked is still flagged.
 */
final class SessionDocuments {
  private static final int TITLE_LENGTH = 120;

  private static final int FIELD_CACHE_LIMIT = 50_000;
  private static final Map<String, IndexableField> TYPE_FIELDS =
      Map.of(
          IndexSchema.SESSION, typeField(IndexSchema.SESSION),
          IndexSchema.EXCHANGE, typeField(IndexSchema.EXCHANGE),
          IndexSchema.MESSAGE, typeField(IndexSchema.MESSAGE));
  private static final Map<Message.Role, IndexableField> ROLE_FIELDS = roleFields();
  private static final List<Facet> EXCHANGE_FACETS =
      List.of(Facet.MODEL, Facet.API, Facet.OUTCOME, Facet.FINDING_RULE, Facet.FLAG_STATUS);

  private final SecretScanner scanner;
  private final Map<FacetValue, List<IndexableField>> fieldCache =
      new java.util.concurrent.ConcurrentHashMap<>();
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
    if (fieldCache.size() > FIELD_CACHE_LIMIT) {
      fieldCache.clear(); // facet values are few; this bounds a pathological many
    }
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

      // the same field instances serve every message of the exchange
      List<IndexableField> shared = facetFields(facets, Use.COUNTED);
      IndexableField xidField = new StringField(IndexSchema.XID, x.xid(), Field.Store.YES);
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
        Document doc = base(IndexSchema.MESSAGE, sid, x.started().toEpochMilli(), shared);
        facetFields(Map.of(Facet.FINDING_RULE, rules), Use.COUNTED_AND_STORED).forEach(doc::add);
        doc.add(xidField);
        doc.add(ROLE_FIELDS.get(m.role()));
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
      // an exchange document holds what is its own; who and where are on its session's
      Map<Facet, Set<String>> own = new EnumMap<>(Facet.class);
      for (Facet f : EXCHANGE_FACETS) {
        own.put(f, facets.getOrDefault(f, Set.of()));
      }
      Document exchange =
          base(
              IndexSchema.EXCHANGE,
              sid,
              x.started().toEpochMilli(),
              facetFields(own, Use.FILTERED));
      exchange.add(xidField);
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
    Document session =
        base(IndexSchema.SESSION, sid, started, facetFields(sessionFacets, Use.STORED));
    session.add(new StoredField(IndexSchema.INTEGRITY_DETAIL, integrity.toString()));
    session.add(new StoredField(IndexSchema.EXCHANGES, exchanges.size()));
    session.add(
        new StoredField(IndexSchema.TITLE, transcript.isEmpty() ? "(no readable events)" : title));
    session.add(new StoredField(IndexSchema.SOURCE_DIGEST, sourceDigest));
    docs.addFirst(session);
    return docs;
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

  private static Document base(
      String type, String sid, long time, List<IndexableField> facetFields) {
    Document doc = new Document();
    doc.add(TYPE_FIELDS.get(type));
    doc.add(new StringField(IndexSchema.SID, sid, Field.Store.YES));
    doc.add(new LongPoint(IndexSchema.TIME, time));
    doc.add(new NumericDocValuesField(IndexSchema.TIME, time));
    doc.add(new StoredField(IndexSchema.TIME, time));
    facetFields.forEach(doc::add);
    return doc;
  }

  private static IndexableField typeField(String type) {
    return new StringField(IndexSchema.TYPE, type, Field.Store.NO);
  }

  private static Map<Message.Role, IndexableField> roleFields() {
    Map<Message.Role, IndexableField> fields = new EnumMap<>(Message.Role.class);
    for (Message.Role role : Message.Role.values()) {
      fields.put(role, new StringField(IndexSchema.ROLE, role.wireName(), Field.Store.YES));
    }
    return fields;
  }

  /** What a document does with its facet values. */
  private enum Use {
    /** filtered by (exchanges) */
    FILTERED,
    /** filtered by and counted (messages) */
    COUNTED,
    /** filtered by, counted and read back (a message's finding rules) */
    COUNTED_AND_STORED,
    /** filtered by and read back (session summaries) */
    STORED
  }

  /**
   * The fields of each facet value: an exact field to filter by, a facet value to count where
   * search counts (messages), and the value stored where it is read back. Fields are immutable, so
   * the same instances serve every document: building them anew was a tenth of indexing time.
   */
  private List<IndexableField> facetFields(Map<Facet, Set<String>> facets, Use use) {
    List<IndexableField> fields = new ArrayList<>();
    facets.forEach(
        (facet, values) -> {
          for (String value : values) {
            if (!value.isEmpty()) {
              fields.addAll(
                  fieldCache.computeIfAbsent(
                      new FacetValue(facet, value, use), SessionDocuments::fieldsOf));
            }
          }
        });
    return fields;
  }

  private static List<IndexableField> fieldsOf(FacetValue v) {
    boolean stored = v.use == Use.STORED || v.use == Use.COUNTED_AND_STORED;
    boolean counted = v.use == Use.COUNTED || v.use == Use.COUNTED_AND_STORED;
    StringField exact =
        new StringField(v.facet.field(), v.value, stored ? Field.Store.YES : Field.Store.NO);
    return counted ? List.of(exact, IndexSchema.facetValue(v.facet, v.value)) : List.of(exact);
  }

  private record FacetValue(Facet facet, String value, Use use) {}

  private static void put(Map<Facet, Set<String>> facets, Facet facet, String value) {
    facets.computeIfAbsent(facet, f -> new TreeSet<>()).add(value);
  }

  private static Map<Facet, Set<String>> copy(Map<Facet, Set<String>> facets) {
    Map<Facet, Set<String>> copy = new EnumMap<>(Facet.class);
    facets.forEach((f, v) -> copy.put(f, new TreeSet<>(v)));
    return copy;
  }

  private static String shorten(String text) {
    StringBuilder line = new StringBuilder(TITLE_LENGTH + 1);
    boolean space = false;
    for (int i = 0; i < text.length() && line.length() <= TITLE_LENGTH; i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        space = !line.isEmpty();
      } else {
        if (space) {
          line.append(' ');
          space = false;
        }
        line.append(c);
      }
    }
    return line.length() > TITLE_LENGTH ? line.substring(0, TITLE_LENGTH) + "…" : line.toString();
  }
}
