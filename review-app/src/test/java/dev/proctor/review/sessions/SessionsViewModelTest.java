package dev.proctor.review.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.index.search.Facet;
import dev.proctor.index.search.SearchQuery;
import dev.proctor.review.ui.TaskRunner;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionsViewModelTest {
  private final FakeSessionSource source = new FakeSessionSource();
  private final SessionsViewModel model = new SessionsViewModel(source, TaskRunner.inline());

  @Test
  void noWordsAndNoTicksListTheNewestSessionsWithTheirFirstPrompt() {
    model.refresh();

    assertThat(model.rows()).extracting(SessionRow::user).containsExactly("carol", "alice");
    assertThat(model.rows().get(1).detailText()).isEqualTo("refactor the zanzibar module");
    assertThat(model.rows().get(0).integrityLabel()).isEqualTo("broken");
    assertThat(model.rows().get(0).findings()).containsExactly("aws-access-key-id");
    assertThat(model.rows().get(0).flags()).containsExactly("confirmed-leak");
    assertThat(model.status().get()).isEqualTo("2 sessions");
    assertThat(model.facets().getFirst().options())
        .containsExactly(
            new FacetGroup.Option("alice", 1, false), new FacetGroup.Option("carol", 1, false));
    assertThat(model.loading().get()).isFalse();
  }

  @Test
  void aQueryShowsOneRowPerSessionWithItsMatchHighlightedNewestFirst() {
    model.query().set("  refactor ");
    model.refresh();

    assertThat(source.lastQuery.text()).isEqualTo("refactor");
    assertThat(source.lastQuery.order()).isEqualTo(SearchQuery.Order.NEWEST);
    assertThat(model.rows())
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.sid()).isEqualTo(FakeSessionSource.ALICE.sid());
              assertThat(row.detail())
                  .containsExactly(
                      new Highlight("user: ", false),
                      new Highlight("refactor", true),
                      new Highlight(" the zanzibar module", false));
              assertThat(row.started()).isEqualTo("2026-11-20 10:15");
            });
    assertThat(model.status().get()).isEqualTo("2 matching messages in 1 session");
  }

  @Test
  void tickingAFacetValueFiltersAndShowsItTicked() {
    model.query().set("zanzibar");
    model.refresh();
    assertThat(model.facets())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.title()).isEqualTo("User");
              assertThat(g.options())
                  .as("the sidebar counts sessions, not their two matching messages each")
                  .containsExactly(
                      new FacetGroup.Option("alice", 1, false),
                      new FacetGroup.Option("carol", 1, false));
            });

    model.toggle(Facet.USER, "carol");

    assertThat(source.lastQuery.filters()).isEqualTo(java.util.Map.of(Facet.USER, Set.of("carol")));
    assertThat(model.rows()).extracting(SessionRow::user).containsExactly("carol");
    assertThat(model.facets().getFirst().options())
        .containsExactly(new FacetGroup.Option("carol", 1, true));

    model.toggle(Facet.USER, "carol");
    assertThat(source.lastQuery.filters()).isEmpty();
    assertThat(model.rows()).hasSize(2);
  }

  @Test
  void aTickedValueThatNoLongerMatchesStaysVisibleSoItCanBeUnticked() {
    model.query().set("refactor");
    model.toggle(Facet.USER, "carol");

    assertThat(model.rows()).isEmpty();
    assertThat(model.facets().getFirst().options())
        .containsExactly(new FacetGroup.Option("carol", 0, true));
    model.clearFilters();
    assertThat(model.rows()).hasSize(1);
  }

  @Test
  void aMalformedQueryKeepsTheRowsAndSaysWhy() {
    model.refresh();
    model.query().set("(unbalanced");
    model.refresh();

    assertThat(model.rows()).hasSize(2);
    assertThat(model.status().get()).startsWith("That query is not valid: query: (unbalanced");
  }

  @Test
  void snippetsSplitIntoPlainAndHighlightedRuns() {
    assertThat(Highlight.parse("a <b>b</b> c <b>d</b>"))
        .containsExactly(
            new Highlight("a ", false),
            new Highlight("b", true),
            new Highlight(" c ", false),
            new Highlight("d", true));
    assertThat(Highlight.parse("unclosed <b>mark"))
        .containsExactly(new Highlight("unclosed <b>mark", false));
    assertThat(Highlight.plain(List.of(new Highlight("x", true), new Highlight("y", false))))
        .isEqualTo("xy");
  }
}
