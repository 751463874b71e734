package dev.proctor.index.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * Analysis for text that mixes prose and code: Unicode word breaks, then each identifier kept whole
 * and split into its parts, all lower-cased. {@code getUserName} is found by {@code getusername},
 * {@code user} and the phrase {@code "user name"}; {@code MAX_RETRY_COUNT} by {@code
 * max_retry_count} and {@code retry}. Queries are analysed the same way and match either the whole
 * identifier or its parts in sequence, so {@code user_account_service} also finds {@code
 * user_account_service.py}.
 *
 * <p>With PRESERVE_ORIGINAL and no catenation the splitter's token graph is already flat (the whole
 * identifier and its first part share a position, the parts follow), so the index needs no
 * FlattenGraphFilter; that filter cost a third of indexing time (bench/index-bench.sh).
 */
public final class CodeAnalyzer extends Analyzer {
  private static final int SPLIT =
      WordDelimiterGraphFilter.GENERATE_WORD_PARTS
          | WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS
          | WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE
          | WordDelimiterGraphFilter.SPLIT_ON_NUMERICS
          | WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE
          | WordDelimiterGraphFilter.PRESERVE_ORIGINAL;

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    StandardTokenizer tokenizer = new StandardTokenizer();
    return new TokenStreamComponents(
        tokenizer, new LowerCaseFilter(new WordDelimiterGraphFilter(tokenizer, SPLIT, null)));
  }

  @Override
  protected TokenStream normalize(String fieldName, TokenStream in) {
    return new LowerCaseFilter(in);
  }
}
