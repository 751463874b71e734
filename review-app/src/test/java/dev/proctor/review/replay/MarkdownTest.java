package dev.proctor.review.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownTest {

  @Test
  void blocksAreParagraphsHeadingsListItemsAndFencedCode() {
    List<Block> blocks =
        Markdown.parse(
            "# Plan\nFirst **read** the `pom.xml`,\nthen:\n\n- build\n2. test\n\n```python\n"
                + "def f():  # note\n    return \"x\"\n```\nafter");
    assertThat(blocks)
        .extracting(Block::kind)
        .containsExactly(
            Block.Kind.HEADING,
            Block.Kind.PARAGRAPH,
            Block.Kind.LIST_ITEM,
            Block.Kind.LIST_ITEM,
            Block.Kind.CODE,
            Block.Kind.PARAGRAPH);
    assertThat(blocks.get(1).spans())
        .containsExactly(
            Span.of("First ", Span.Style.PLAIN),
            Span.of("read", Span.Style.BOLD),
            Span.of(" the ", Span.Style.PLAIN),
            Span.of("pom.xml", Span.Style.CODE),
            Span.of(",\nthen:", Span.Style.PLAIN));
    assertThat(blocks.get(3).plain()).isEqualTo("•  test");
    assertThat(blocks.get(4).language()).isEqualTo("python");
    assertThat(blocks.get(4).plain()).isEqualTo("def f():  # note\n    return \"x\"");
    assertThat(blocks.get(4).spans())
        .contains(
            Span.of("def", Span.Style.KEYWORD),
            Span.of("# note", Span.Style.COMMENT),
            Span.of("return", Span.Style.KEYWORD),
            Span.of("\"x\"", Span.Style.STRING));
  }

  @Test
  void unclosedMarkersAndFencesStayText() {
    assertThat(Markdown.parse("a `b and **c").getFirst().spans())
        .containsExactly(Span.of("a `b and **c", Span.Style.PLAIN));
    List<Block> open = Markdown.parse("```\nno end");
    assertThat(open).singleElement().satisfies(b -> assertThat(b.plain()).isEqualTo("no end"));
  }

  @Test
  void highlightingIsLinearOnHostileInput() {
    String hostile = "\"\\".repeat(200_000) + "/*" + "'".repeat(200_000);
    long start = System.nanoTime();
    List<Span> spans = CodeHighlighter.highlight("java", hostile);
    assertThat(String.join("", spans.stream().map(Span::text).toList())).isEqualTo(hostile);
    // not a timing assertion of the product: a guard that it does not hang the build
    assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
  }
}
