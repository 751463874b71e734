package dev.proctor.review.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HighlightTest {
  @Test
  void runsHoldTheTextAsTheMessageHeldItAndOnlyTheMarksHighlight() {
    assertThat(Highlight.parse("wrap &lt;b&gt;it&lt;/b&gt; &amp; <b>ship</b>\nnow"))
        .containsExactly(
            new Highlight("wrap <b>it</b> & ", false),
            new Highlight("ship", true),
            new Highlight(" now", false));
  }
}
