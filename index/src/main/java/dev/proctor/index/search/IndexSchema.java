package dev.proctor.index.search;

import java.util.Collection;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;

/** Field names and types of the index, and its version. */
final class IndexSchema {
  /** Raise when documents change shape; an index of another version is rebuilt. */
  static final int VERSION = 13;

  static final String TYPE = "doc_type";
  static final String SID = "sid";
  static final String XID = "xid";
  static final String ROLE = "role";
  static final String TOOL = "tool";
  static final String TEXT = "text";
  static final String TIME = "time";
  static final String FINGERPRINT = "fingerprint";
  static final String SOURCE_DIGEST = "source_digest";
  static final String INTEGRITY_DETAIL = "integrity_detail";
  static final String TITLE = "title";
  static final String EXCHANGES = "exchanges";

  /** A message's finding rules, stored to be shown with a hit (facets live in doc values). */
  static final String MESSAGE_RULES = "message_rules";

  static final String SESSION = "session";
  static final String EXCHANGE = "exchange";
  static final String MESSAGE = "message";
  static final String FINDING = "finding";

  /** Stored on finding documents. */
  static final String RULE = "finding_rule_id";

  static final String DIRECTION = "finding_direction";
  static final String HANDLING = "finding_handling";
  static final String SOURCE = "finding_source";
  static final String FINDING_PRINT = "finding_fingerprint";
  static final String FINDING_USER = "finding_user";
  static final String STATUS = "triage_status";
  static final String ANNOTATION = "triage_annotation";

  /**
   * Message text: analysed and stored. Offsets are not indexed (a quarter more postings to write);
   * highlighting re-analyses the few messages it shows.
   */
  static final FieldType TEXT_TYPE = textType();

  static final FacetsConfig FACETS = facetsConfig();

  /**
   * One value of a flat facet as {@link FacetsConfig#build} would index it, built directly: the
   * config's copying of every document was a tenth of indexing time.
   */
  static IndexableField facetValue(Facet facet, String value) {
    return new SortedSetDocValuesField(
        FacetsConfig.DEFAULT_INDEX_FIELD_NAME, facetBytes(facet, value));
  }

  /**
   * Messages whose facet has one of {@code values}, checked on their doc values. Messages carry no
   * terms for facets (a tenth of indexing time); a filter beside a text query only checks the
   * messages the text matched, and a filter alone reads the doc values of every message.
   */
  static Query facetFilter(Facet facet, Collection<String> values) {
    return SortedSetDocValuesField.newSlowSetQuery(
        FacetsConfig.DEFAULT_INDEX_FIELD_NAME,
        values.stream().map(v -> facetBytes(facet, v)).toList());
  }

  private static BytesRef facetBytes(Facet facet, String value) {
    return new BytesRef(FacetsConfig.pathToString(facet.field(), new String[] {value}));
  }

  private IndexSchema() {}

  private static FieldType textType() {
    FieldType type = new FieldType();
    type.setTokenized(true);
    type.setStored(true);
    type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
    type.freeze();
    return type;
  }

  private static FacetsConfig facetsConfig() {
    FacetsConfig config = new FacetsConfig();
    for (Facet facet : Facet.values()) {
      config.setMultiValued(facet.field(), true);
      // filters use the facet's own StringField, so the drill-down terms are not needed
      config.setDrillDownTermsIndexing(facet.field(), FacetsConfig.DrillDownTermsIndexing.NONE);
    }
    return config;
  }
}
