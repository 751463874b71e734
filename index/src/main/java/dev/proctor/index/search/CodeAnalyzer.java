package dev.proctor.index.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * Analysis for text that mixes prose and code. At index time an identifier is kept whole and also
 * split into its parts: {@code getUserName} is found by {@code getusername}, {@code user} and the
 * phrase {@code "user name"}; {@code MAX_RETRY_COUNT} by {@code max_retry_count} and {@code retry}.
 * Queries are split the same way and match either the whole identifier or its parts in sequence, so
 * {@code user_account_service} also finds {@code user_account_service.py}.
 */
public final class CodeAnalyzer extends Analyzer {
  private static final int SPLIT =
      WordDelimiterGraphFilter.GENERATE_WORD_PARTS
          | WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS
          | WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE
          | WordDelimiterGraphFilter.SPLIT_ON_NUMERICS
          | WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE
          | WordDelimiterGraphFilter.PRESERVE_ORIGINAL;

  private final boolean forIndexing;

  private CodeAnalyzer(boolean forIndexing) {
    this.forIndexing = forIndexing;
  }

  /** Splits identifiers and keeps them whole. */
  public static CodeAnalyzer indexing() {
    return new CodeAnalyzer(true);
  }

  /** Splits identifiers into a token graph of the whole and its parts, for the query parser. */
  public static CodeAnalyzer querying() {
    return new CodeAnalyzer(false);
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    StandardTokenizer tokenizer = new StandardTokenizer();
    TokenStream stream = tokenizer;
    stream = new WordDelimiterGraphFilter(stream, SPLIT, null);
    if (forIndexing) {
      stream = new FlattenGraphFilter(stream); // the index stores no graphs; queries keep theirs
    }
    return new TokenStreamComponents(tokenizer, new LowerCaseFilter(stream));
  }

  @Override
  protected TokenStream normalize(String fieldName, TokenStream in) {
    return new LowerCaseFilter(in);
  }
}
