package dev.proctor.review.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.review.ui.TaskRunner;
import org.junit.jupiter.api.Test;

class SessionsViewModelTest {
  private final SessionsViewModel model =
      new SessionsViewModel(new FakeSessionSource(), TaskRunner.inline());

  @Test
  void emptyQueryListsNewestSessionsWithTheirFirstPrompt() {
    model.refresh();

    assertThat(model.rows()).extracting(SessionRow::user).containsExactly("carol", "alice");
    assertThat(model.rows().get(1).detail()).isEqualTo("refactor the zanzibar module");
    assertThat(model.rows().get(0).integrityLabel()).isEqualTo("broken");
    assertThat(model.status().get()).isEqualTo("2 sessions");
    assertThat(model.loading().get()).isFalse();
  }

  @Test
  void queryShowsOneRowPerMatchingSessionWithThePlainSnippet() {
    model.query().set("  zanzibar ");
    model.refresh();

    assertThat(model.rows())
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.sid()).isEqualTo(FakeSessionSource.ALICE.sid());
              assertThat(row.detail()).isEqualTo("user: refactor the zanzibar module");
              assertThat(row.started()).isEqualTo("2026-11-20 10:15");
            });
    assertThat(model.status().get()).isEqualTo("1 session match \"zanzibar\"");
  }

  @Test
  void malformedQueryKeepsTheRowsAndSaysWhy() {
    model.refresh();
    model.query().set("(unbalanced");
    model.refresh();

    assertThat(model.rows()).hasSize(2);
    assertThat(model.status().get()).startsWith("That query is not valid: query: (unbalanced");
  }
}
