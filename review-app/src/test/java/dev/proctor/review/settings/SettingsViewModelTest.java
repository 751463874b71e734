package dev.proctor.review.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.review.ui.TaskRunner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsViewModelTest {
  static class Store implements SettingsStore {
    final List<Endpoints> saved = new ArrayList<>();

    @Override
    public Endpoints load() {
      return new Endpoints(
          "http://127.0.0.1:9000",
          "us-east-1",
          "proctor",
          "",
          "",
          "http://127.0.0.1:8081",
          "http://127.0.0.1:9100/corp",
          "proctor");
    }

    @Override
    public void save(Endpoints endpoints) {
      saved.add(endpoints);
    }

    @Override
    public List<String> test(Endpoints e) {
      return List.of("S3 proctor: ok", "Gateway admin API: failed — HTTP 503");
    }
  }

  @Test
  void invalidEndpointsAreRefusedWithASentenceEach() {
    Store store = new Store();
    SettingsViewModel model = new SettingsViewModel(store, TaskRunner.inline());
    model.load();
    assertThat(model.bucket().get()).isEqualTo("proctor");
    model.bucket().set(" ");
    model.gatewayAdminUrl().set("localhost:8081");
    model.save();
    assertThat(store.saved).isEmpty();
    assertThat(model.message().get())
        .isEqualTo(
            "Bucket: give the bucket that holds the recordings. Gateway admin URL:"
                + " 'localhost:8081' is not an http(s) URL.");
  }

  @Test
  void validEndpointsAreSavedTrimmedAndTested() {
    Store store = new Store();
    SettingsViewModel model = new SettingsViewModel(store, TaskRunner.inline());
    model.load();
    model.prefix().set(" team-a/ ");
    model.save();
    assertThat(store.saved)
        .singleElement()
        .satisfies(e -> assertThat(e.prefix()).isEqualTo("team-a/"));
    model.testConnection();
    assertThat(model.results()).hasSize(2);
    assertThat(model.message().get()).isEqualTo("Some endpoints did not answer; see below.");
  }
}
