package dev.proctor.review.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proctor.review.ui.TaskRunner;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingsViewModelTest {
  static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

  /** Findings in memory; triage rewrites the row's status as the index would after re-indexing. */
  static final class Source implements FindingsSource {
    final List<FindingRow> rows = new ArrayList<>();
    final List<String> triaged = new ArrayList<>();
    char[] lastCandidate;

    Source() {
      rows.add(
          new FindingRow(
              "S1", "X1", T, "carol", "github-pat", "request", "masked", "gateway", "untriaged"));
      rows.add(
          new FindingRow(
              "S2",
              "X2",
              T,
              "alice",
              "aws-access-key-id",
              "response",
              "leaked",
              "index",
              "rotated"));
    }

    @Override
    public List<FindingRow> findings(int limit) {
      return List.copyOf(rows);
    }

    @Override
    public void triage(FindingRow f, String status, String note, String author) {
      triaged.add(f.sid() + " " + status + " " + note + " by " + author);
      rows.replaceAll(
          r ->
              r.sid().equals(f.sid())
                  ? new FindingRow(
                      r.sid(),
                      r.xid(),
                      r.time(),
                      r.user(),
                      r.rule(),
                      r.direction(),
                      r.handling(),
                      r.source(),
                      status)
                  : r);
    }

    @Override
    public List<Exposure> exposures(char[] candidate) throws IOException {
      lastCandidate = candidate;
      if (new String(candidate).equals("broken")) {
        throw new IllegalStateException("No fingerprint key: set fingerprint_key_file");
      }
      return new String(candidate).equals("ghp_known")
          ? List.of(new Exposure("S1", "carol user"))
          : List.of();
    }
  }

  @Test
  void findingsAreFilteredByTriageStatus() {
    FindingsViewModel model = new FindingsViewModel(new Source(), TaskRunner.inline(), () -> "bob");
    model.refresh();
    assertThat(model.rows()).hasSize(2);
    assertThat(model.status().get()).isEqualTo("2 findings · 1 leaked");
    model.filter().set("untriaged");
    assertThat(model.rows()).extracting(FindingRow::sid).containsExactly("S1");
    model.filter().set("rotated");
    assertThat(model.rows()).extracting(FindingRow::sid).containsExactly("S2");
  }

  @Test
  void triageWritesTheStatusWithNoteAndAuthorAndKeepsTheSelection() {
    Source source = new Source();
    FindingsViewModel model = new FindingsViewModel(source, TaskRunner.inline(), () -> "bob");
    model.refresh();
    model.triage("confirmed-leak");
    assertThat(model.status().get()).isEqualTo("Select a finding first.");
    assertThat(source.triaged).isEmpty();

    model.selected().set(model.rows().getFirst());
    model.note().set("  INC-7  ");
    model.triage("confirmed-leak");
    assertThat(source.triaged).containsExactly("S1 confirmed-leak INC-7 by bob");
    assertThat(model.rows().getFirst().status()).isEqualTo("confirmed-leak");
    assertThat(model.selected().get().status()).as("the refreshed row").isEqualTo("confirmed-leak");
    assertThat(model.note().get()).isEmpty();
    assertThatThrownBy(() -> model.triage("done")).hasMessageContaining("expected one of");
  }

  @Test
  void theCandidateKeyIsClearedAndWipedOnceLookedUp() {
    Source source = new Source();
    FindingsViewModel model = new FindingsViewModel(source, TaskRunner.inline(), () -> "bob");
    model.candidate().set("ghp_known");
    model.checkExposure();
    assertThat(model.candidate().get()).isEmpty();
    assertThat(source.lastCandidate).containsOnly('\0');
    assertThat(model.exposures()).containsExactly(new Exposure("S1", "carol user"));
    assertThat(model.exposureStatus().get()).isEqualTo("Exposed: found in 1 message.");

    model.candidate().set("other");
    model.checkExposure();
    assertThat(model.exposureStatus().get()).isEqualTo("Not found in the synced recordings.");
    model.checkExposure();
    assertThat(model.exposureStatus().get()).isEqualTo("Paste a key to look for.");
    model.candidate().set("broken");
    model.checkExposure();
    assertThat(model.exposureStatus().get()).startsWith("No fingerprint key");
  }
}
