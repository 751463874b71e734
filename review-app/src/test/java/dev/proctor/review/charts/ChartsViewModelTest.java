package dev.proctor.review.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.index.search.Facet;
import dev.proctor.review.ui.TaskRunner;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartsViewModelTest {
  @Test
  void aBarListsItsSessionsByAQueryAndOneTickedValue() {
    List<String> asked = new ArrayList<>();
    ChartsViewModel model =
        new ChartsViewModel(
            () -> null,
            TaskRunner.inline(),
            (query, facet, value) -> asked.add(query + " | " + facet.field() + "=" + value));

    model.openUserOnDay("dave", LocalDate.parse("2026-12-01"));
    model.openConnection("sim-openai");
    model.openRule("github-pat");

    assertThat(asked)
        .containsExactly(
            "time:[2026-12-01 TO 2026-12-01] | user=dave",
            " | " + Facet.CONNECTION.field() + "=sim-openai",
            " | finding_rule=github-pat");
  }
}
