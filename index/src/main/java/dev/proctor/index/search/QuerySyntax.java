package dev.proctor.index.search;

import dev.proctor.index.conversation.Message;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/**
 * The query language: what {@link QueryText} accepts, read by Lucene's classic parser over the
 * message text, where every word must match unless {@code OR} says otherwise, facets ({@code
 * user:alice}) and {@code role}, {@code sid}, {@code xid} are exact fields, and {@code
 * time:[2026-11-01 TO 2026-11-24]} takes dates or instants (UTC; a date as an upper bound includes
 * that whole day).
 */
final class QuerySyntax {
  private static final Analyzer ANALYZER = analyzer();

  private QuerySyntax() {}

  /**
   * @throws IllegalArgumentException saying what is wrong with the text, in words
   */
  static Query parse(String text) {
    String lucene = QueryText.toLucene(text);
    Parser parser = new Parser();
    parser.setDefaultOperator(QueryParser.Operator.AND);
    parser.setAllowLeadingWildcard(true);
    try {
      return parser.parse(lucene);
    } catch (ParseException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new IllegalArgumentException(
          "Lucene cannot read " + lucene + " (" + reason.lines().findFirst().orElse("") + ")", e);
    } catch (TooComplexToDeterminizeException e) {
      throw new IllegalArgumentException(
          "a word with this many * is too complex to search for; use fewer", e);
    }
  }

  private static Analyzer analyzer() {
    Map<String, Analyzer> exact = new HashMap<>();
    KeywordAnalyzer keyword = new KeywordAnalyzer();
    for (String field : new String[] {IndexSchema.ROLE, IndexSchema.SID, IndexSchema.XID}) {
      exact.put(field, keyword);
    }
    return new PerFieldAnalyzerWrapper(new CodeAnalyzer(), exact);
  }

  private static final class Parser extends QueryParser {
    Parser() {
      super(IndexSchema.TEXT, ANALYZER);
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, boolean quoted)
        throws ParseException {
      for (Facet facet : Facet.values()) {
        if (facet.field().equals(field)) {
          return IndexSchema.facetFilter(facet, List.of(queryText));
        }
      }
      if (field.equals(IndexSchema.ROLE)) {
        Message.Role.of(queryText); // names the roles there are when it is none of them
      }
      return super.getFieldQuery(field, queryText, quoted);
    }

    /**
     * A group of only exclusions ({@code -carol}, {@code NOT test}) excludes from every message;
     * Lucene's own reading of it matches nothing.
     */
    @Override
    protected Query getBooleanQuery(List<BooleanClause> clauses) throws ParseException {
      Query query = super.getBooleanQuery(clauses);
      if (clauses.isEmpty()
          || !clauses.stream().allMatch(c -> c.occur() == BooleanClause.Occur.MUST_NOT)) {
        return query;
      }
      BooleanQuery.Builder all =
          new BooleanQuery.Builder().add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER);
      clauses.forEach(all::add);
      return all.build();
    }

    @Override
    protected Query getRangeQuery(
        String field, String lower, String upper, boolean startInclusive, boolean endInclusive)
        throws ParseException {
      if (!field.equals(IndexSchema.TIME)) {
        return super.getRangeQuery(field, lower, upper, startInclusive, endInclusive);
      }
      long from = lower == null ? Long.MIN_VALUE : bound(lower, false);
      long to = upper == null ? Long.MAX_VALUE : bound(upper, true);
      if (!startInclusive && from != Long.MAX_VALUE) {
        from++;
      }
      if (!endInclusive && upper != null && !isDate(upper)) {
        to--;
      }
      return LongPoint.newRangeQuery(IndexSchema.TIME, from, to);
    }

    /**
     * Epoch millis of a date or an instant; a date as an upper bound means its last millisecond.
     */
    private static long bound(String value, boolean upper) {
      try {
        if (isDate(value)) {
          LocalDate day = LocalDate.parse(value);
          LocalDate start = upper ? day.plusDays(1) : day;
          return start.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - (upper ? 1 : 0);
        }
        return Instant.parse(value).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "time: "
                + value
                + " (expected a date such as 2026-11-24 or an instant such as"
                + " 2026-11-24T10:15:00Z)");
      }
    }

    private static boolean isDate(String value) {
      return value.length() == 10;
    }
  }
}
