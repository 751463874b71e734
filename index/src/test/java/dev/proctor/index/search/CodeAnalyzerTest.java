package dev.proctor.index.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.junit.jupiter.api.Test;

class CodeAnalyzerTest {
  /** Each token as {@code term@position/length[start,end)}. */
  static List<String> tokens(String text) throws Exception {
    List<String> out = new ArrayList<>();
    try (CodeAnalyzer analyzer = new CodeAnalyzer();
        TokenStream ts = analyzer.tokenStream("text", text)) {
      var term = ts.addAttribute(CharTermAttribute.class);
      var inc = ts.addAttribute(PositionIncrementAttribute.class);
      var len = ts.addAttribute(PositionLengthAttribute.class);
      var off = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      int pos = -1;
      while (ts.incrementToken()) {
        pos += inc.getPositionIncrement();
        out.add(
            term
                + "@"
                + pos
                + "/"
                + len.getPositionLength()
                + "["
                + off.startOffset()
                + ","
                + off.endOffset()
                + ")");
      }
      ts.end();
    }
    return out;
  }

  /** Parts carry their identifier's offsets, so a hit on a part highlights the identifier. */
  @Test
  void identifiersAreKeptWholeAndSplitIntoParts() throws Exception {
    assertThat(tokens("call getUserName now"))
        .containsExactly(
            "call@0/1[0,4)",
            "getusername@1/3[5,16)",
            "get@1/1[5,16)",
            "user@2/1[5,16)",
            "name@3/1[5,16)",
            "now@4/1[17,20)");
    assertThat(tokens("MAX_RETRY_COUNT"))
        .containsExactly(
            "max_retry_count@0/3[0,15)", "max@0/1[0,15)", "retry@1/1[0,15)", "count@2/1[0,15)");
    assertThat(tokens("HttpServer2"))
        .containsExactly(
            "httpserver2@0/3[0,11)", "http@0/1[0,11)", "server@1/1[0,11)", "2@2/1[0,11)");
    // a run of capitals stays one part
    assertThat(tokens("HTTPServer")).containsExactly("httpserver@0/1[0,10)");
    assertThat(tokens("user_account_service.py"))
        .extracting(t -> t.substring(0, t.indexOf('@')))
        .containsExactly("user_account_service.py", "user", "account", "service", "py");
  }

  @Test
  void plainWordsPassUnchangedAndPossessivesLoseTheirS() throws Exception {
    assertThat(tokens("the Quick fox"))
        .containsExactly("the@0/1[0,3)", "quick@1/1[4,9)", "fox@2/1[10,13)");
    assertThat(tokens("user's")).containsExactly("user's@0/1[0,6)", "user@0/1[0,6)");
    assertThat(tokens("2026")).containsExactly("2026@0/1[0,4)");
  }

  @Test
  void aMaskedPlaceholderIsSearchableByItsParts() throws Exception {
    assertThat(tokens("[MASKED:github-pat:0a1b2c3d]"))
        .extracting(t -> t.substring(0, t.indexOf('@')))
        .contains("masked", "github", "pat", "0a1b2c3d");
  }
}
