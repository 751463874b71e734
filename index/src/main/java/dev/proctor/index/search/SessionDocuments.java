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
 * message. Messages carry every facet that applies to them as values to count and filter by; an
 * exchange carries its own (model, API, outcome, findings, flags) and the session the union of all,
 * as exact terms. Secrets are the ones the gateway recorded plus the ones the scanner finds in the
 * text now, so text recorded unmasked is still flagged.
 */
final class SessionDocuments {
  private static final int TITLE_LENGTH = 120;

  private static final int FIELD_CACHE_LIMIT = 50_000;
  private static final Map<String, IndexableField> TYPE_FIELDS =
      Map.of(
          IndexSchema.SESSION, typeField(IndexSchema.SESSION),
          IndexSchema.EXCHANGE, typeField(IndexSchema.EXCHANGE),
          IndexSchema.MESSAGE, typeField(IndexSchema.MESSAGE),
          IndexSchema.FINDING, typeField(IndexSchema.FINDING));
  private static final Map<Message.Role, IndexableField> ROLE_FIELDS = roleFields();

  private final SecretScanner scanner;
  private final Map<FacetValue, IndexableField> fieldCache =
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
    // who and where: the same for every message of the session
    Map<Facet, Set<String>> caller = new EnumMap<>(Facet.class);
    transcript.flatMap(Transcript::open).ifPresent(open -> describeCaller(open, caller));
    put(caller, Facet.INTEGRITY, integrity.status().name().toLowerCase(java.util.Locale.ROOT));
    annotations.stream()
        .filter(a -> a.xid().isEmpty())
        .forEach(a -> put(caller, Facet.FLAG_STATUS, a.status().wireName()));
    List<IndexableField> callerCounted = fields(caller, Use.COUNTED);
    Map<Facet, Set<String>> sessionFacets = new EnumMap<>(Facet.class);
    addAll(sessionFacets, caller);

    List<Document> docs = new ArrayList<>();
    String title = "";
    List<Transcript.Exchange> exchanges = transcript.map(Transcript::exchanges).orElse(List.of());
    Conversation.Reader conversation = new Conversation.Reader();
    for (Transcript.Exchange x : exchanges) {
      // what is the exchange's own: model, API, outcome, flags on it
      Map<Facet, Set<String>> own = new EnumMap<>(Facet.class);
      x.request().model().ifPresent(m -> put(own, Facet.MODEL, m));
      put(own, Facet.API, x.request().api().wireName());
      put(own, Facet.OUTCOME, x.end().map(e -> e.outcome().wireName()).orElse("unfinished"));
      annotations.stream()
          .filter(a -> a.xid().equals(Optional.of(x.xid())))
          .forEach(a -> put(own, Facet.FLAG_STATUS, a.status().wireName()));
      List<IndexableField> ownCounted = fields(own, Use.COUNTED);
      IndexableField xidField = new StringField(IndexSchema.XID, x.xid(), Field.Store.YES);

      Findings recorded = new Findings(x);
      FindingDocuments findingDocs =
          new FindingDocuments(
              sid,
              x,
              transcript.flatMap(Transcript::open).map(o -> o.identity().subject()).orElse(""),
              annotations);
      Set<String> exchangeRules = new TreeSet<>();
      Set<String> exchangeFingerprints = new TreeSet<>();
      List<Document> messageDocs = new ArrayList<>();
      for (Message m : conversation.read(x)) {
        if (title.isEmpty() && m.role() == Message.Role.USER) {
          title = shorten(m.text());
        }
        Set<String> rules = new TreeSet<>();
        Set<String> fingerprints = new TreeSet<>();
        recorded.placeOn(m.role(), rules, fingerprints);
        for (SecretMatch match : scanner.scan(m.text())) {
          findingDocs.foundNow(m.role(), match, fingerprintsComparable);
          rules.add(match.rule().id());
          if (fingerprintsComparable) {
            fingerprints.add(match.fingerprint());
          }
        }
        exchangeRules.addAll(rules);
        exchangeFingerprints.addAll(fingerprints);
        Document doc = base(IndexSchema.MESSAGE, sid, x.started().toEpochMilli());
        callerCounted.forEach(doc::add);
        ownCounted.forEach(doc::add);
        fields(Map.of(Facet.FINDING_RULE, rules), Use.COUNTED).forEach(doc::add);
        rules.forEach(r -> doc.add(new StoredField(IndexSchema.MESSAGE_RULES, r)));
        doc.add(xidField);
        doc.add(ROLE_FIELDS.get(m.role()));
        if (!m.tool().isEmpty()) {
          doc.add(new StoredField(IndexSchema.TOOL, m.tool()));
        }
        doc.add(new Field(IndexSchema.TEXT, searchable(m), IndexSchema.TEXT_TYPE));
        fingerprints.forEach(
            fp -> doc.add(new StringField(IndexSchema.FINGERPRINT, fp, Field.Store.NO)));
        messageDocs.add(doc);
      }
      recorded.placeRest(exchangeRules, exchangeFingerprints);
      exchangeRules.forEach(r -> put(own, Facet.FINDING_RULE, r));

      Document exchange = base(IndexSchema.EXCHANGE, sid, x.started().toEpochMilli());
      fields(own, Use.FILTERED).forEach(exchange::add);
      exchange.add(xidField);
      x.response().ifPresent(r -> exchange.add(new StoredField("status", r.status())));
      x.end().ifPresent(e -> exchange.add(new StoredField("duration_ms", e.durationMs())));
      exchangeFingerprints.forEach(
          fp -> exchange.add(new StringField(IndexSchema.FINGERPRINT, fp, Field.Store.NO)));
      docs.add(exchange);
      docs.addAll(messageDocs);
      docs.addAll(findingDocs.documents());
      addAll(sessionFacets, own);
    }

    annotations.forEach(a -> put(sessionFacets, Facet.FLAG_STATUS, a.status().wireName()));
    long started =
        transcript.map(t -> t.started().toEpochMilli()).orElse(Ulid.instant(sid).toEpochMilli());
    Document session = base(IndexSchema.SESSION, sid, started);
    fields(sessionFacets, Use.STORED).forEach(session::add);
    fields(sessionFacets, Use.COUNTED).forEach(session::add); // sessions counted by facet value
    session.add(new StoredField(IndexSchema.INTEGRITY_DETAIL, integrity.toString()));
    session.add(new StoredField(IndexSchema.EXCHANGES, exchanges.size()));
    session.add(
        new StoredField(IndexSchema.TITLE, transcript.isEmpty() ? "(no readable events)" : title));
    session.add(new StoredField(IndexSchema.SOURCE_DIGEST, sourceDigest));
    docs.addFirst(session);
    return docs;
  }

  /**
   * The findings the gateway recorded for an exchange, placed on the first message of their side
   * (request: the user's prompt or a tool result; response: the answer or a tool call).
   */
  private static final class Findings {
    private final List<Finding> request;
    private final List<Finding> response;
    private boolean requestPlaced;
    private boolean responsePlaced;

    Findings(Transcript.Exchange x) {
      this.request = x.request().findings();
      this.response = x.end().map(e -> e.findings()).orElse(List.of());
    }

    void placeOn(Message.Role role, Set<String> rules, Set<String> fingerprints) {
      boolean isRequest = role == Message.Role.USER || role == Message.Role.TOOL_RESULT;
      if (isRequest && !requestPlaced) {
        requestPlaced = true;
        add(request, rules, fingerprints);
      } else if (!isRequest && !responsePlaced) {
        responsePlaced = true;
        add(response, rules, fingerprints);
      }
    }

    /** Findings of a side with no readable message still count for the exchange. */
    void placeRest(Set<String> rules, Set<String> fingerprints) {
      if (!requestPlaced) {
        add(request, rules, fingerprints);
      }
      if (!responsePlaced) {
        add(response, rules, fingerprints);
      }
    }

    private static void add(List<Finding> findings, Set<String> rules, Set<String> prints) {
      for (Finding f : findings) {
        rules.add(f.rule());
        prints.add(f.fingerprint());
      }
    }
  }

  /**
   * One document per secret of an exchange for the findings table: those the gateway recorded, and
   * those the current rules find in the recorded text that the gateway did not record (so they went
   * through). Each carries the exchange's triage status: its latest {@code secret} annotation.
   */
  private static final class FindingDocuments {
    private final String sid;
    private final Transcript.Exchange exchange;
    private final String user;
    private final Optional<Annotation> triage;
    private final Set<String> recordedPrints = new java.util.HashSet<>();
    private final List<Document> docs = new ArrayList<>();

    FindingDocuments(
        String sid, Transcript.Exchange exchange, String user, List<Annotation> annotations) {
      this.sid = sid;
      this.exchange = exchange;
      this.user = user;
      this.triage =
          annotations.stream()
              .filter(a -> a.xid().equals(Optional.of(exchange.xid())))
              .filter(a -> a.kind().equals(FindingRecord.TRIAGE_KIND))
              .max(Annotation.LATEST_WINS);
      List<Finding> recorded = new ArrayList<>(exchange.request().findings());
      exchange.end().ifPresent(e -> recorded.addAll(e.findings()));
      for (Finding f : recorded) {
        if (recordedPrints.add(f.direction().wireName() + f.rule() + f.fingerprint())) {
          add(
              f.rule(),
              f.direction().wireName(),
              f.action() == Finding.Action.MASKED ? "masked" : "leaked",
              "gateway",
              f.fingerprint());
        }
      }
    }

    /** A secret the scanner finds now in a message's recorded text. */
    void foundNow(Message.Role role, SecretMatch match, boolean fingerprintsComparable) {
      String direction =
          role == Message.Role.USER || role == Message.Role.TOOL_RESULT ? "request" : "response";
      if (fingerprintsComparable
          && recordedPrints.contains(direction + match.rule().id() + match.fingerprint())) {
        return; // the gateway recorded it already
      }
      if (recordedPrints.add(direction + match.rule().id() + match.fingerprint())) {
        add(match.rule().id(), direction, "leaked", "index", match.fingerprint());
      }
    }

    List<Document> documents() {
      return docs;
    }

    private void add(
        String rule, String direction, String handling, String source, String fingerprint) {
      Document doc = base(IndexSchema.FINDING, sid, exchange.started().toEpochMilli());
      doc.add(new StringField(IndexSchema.XID, exchange.xid(), Field.Store.YES));
      doc.add(new StoredField(IndexSchema.FINDING_USER, user));
      doc.add(new StringField(IndexSchema.RULE, rule, Field.Store.YES));
      doc.add(new StoredField(IndexSchema.DIRECTION, direction));
      doc.add(new StringField(IndexSchema.HANDLING, handling, Field.Store.YES));
      doc.add(new StoredField(IndexSchema.SOURCE, source));
      doc.add(new StoredField(IndexSchema.FINDING_PRINT, fingerprint));
      triage.ifPresent(
          a -> {
            doc.add(new StringField(IndexSchema.STATUS, a.status().wireName(), Field.Store.YES));
            doc.add(new StoredField(IndexSchema.ANNOTATION, a.id()));
          });
      docs.add(doc);
    }
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

  private static Document base(String type, String sid, long time) {
    Document doc = new Document();
    doc.add(TYPE_FIELDS.get(type));
    doc.add(new StringField(IndexSchema.SID, sid, Field.Store.YES));
    doc.add(new LongPoint(IndexSchema.TIME, time));
    doc.add(new NumericDocValuesField(IndexSchema.TIME, time));
    doc.add(new StoredField(IndexSchema.TIME, time));
    return doc;
  }

  private static IndexableField typeField(String type) {
    return new StringField(IndexSchema.TYPE, type, Field.Store.NO);
  }

  /** The text a search finds a message by: a tool call's name, then its arguments. */
  private static String searchable(Message m) {
    return m.role() == Message.Role.TOOL_CALL ? m.tool() + " " + m.text() : m.text();
  }

  private static Map<Message.Role, IndexableField> roleFields() {
    Map<Message.Role, IndexableField> fields = new EnumMap<>(Message.Role.class);
    for (Message.Role role : Message.Role.values()) {
      fields.put(role, new StringField(IndexSchema.ROLE, role.wireName(), Field.Store.YES));
    }
    return fields;
  }

  /** How a document carries its facet values. */
  private enum Use {
    /** as facet values to count and filter by (messages and sessions, which searches count) */
    COUNTED,
    /** as exact terms to filter by (exchanges) */
    FILTERED,
    /** as exact terms, stored to be read back (session summaries) */
    STORED
  }

  /**
   * The fields of each facet value. Fields are immutable, so the same instances serve every
   * document that has the value: building them anew was a tenth of indexing time.
   */
  private List<IndexableField> fields(Map<Facet, Set<String>> facets, Use use) {
    List<IndexableField> fields = new ArrayList<>();
    facets.forEach(
        (facet, values) -> {
          for (String value : values) {
            if (!value.isEmpty()) {
              fields.add(
                  fieldCache.computeIfAbsent(
                      new FacetValue(facet, value, use), SessionDocuments::fieldOf));
            }
          }
        });
    return fields;
  }

  private static IndexableField fieldOf(FacetValue v) {
    return switch (v.use) {
      case COUNTED -> IndexSchema.facetValue(v.facet, v.value);
      case FILTERED -> new StringField(v.facet.field(), v.value, Field.Store.NO);
      case STORED -> new StringField(v.facet.field(), v.value, Field.Store.YES);
    };
  }

  private record FacetValue(Facet facet, String value, Use use) {}

  private static void put(Map<Facet, Set<String>> facets, Facet facet, String value) {
    facets.computeIfAbsent(facet, f -> new TreeSet<>()).add(value);
  }

  private static void addAll(Map<Facet, Set<String>> into, Map<Facet, Set<String>> from) {
    from.forEach((f, v) -> into.computeIfAbsent(f, k -> new TreeSet<>()).addAll(v));
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
