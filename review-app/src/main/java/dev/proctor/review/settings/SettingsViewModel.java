package dev.proctor.review.settings;

import dev.proctor.review.ui.TaskRunner;
import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The settings screen: the endpoints as fields, validated, saved, and tried with "test". */
public final class SettingsViewModel {
  private final SettingsStore store;
  private final TaskRunner tasks;
  private final StringProperty s3Endpoint = new SimpleStringProperty("");
  private final StringProperty region = new SimpleStringProperty("us-east-1");
  private final StringProperty bucket = new SimpleStringProperty("");
  private final StringProperty prefix = new SimpleStringProperty("");
  private final StringProperty profile = new SimpleStringProperty("");
  private final StringProperty gatewayAdminUrl = new SimpleStringProperty("");
  private final StringProperty issuer = new SimpleStringProperty("");
  private final StringProperty clientId = new SimpleStringProperty("proctor-workstation");
  private final ObservableList<String> results = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

  public SettingsViewModel(SettingsStore store, TaskRunner tasks) {
    this.store = store;
    this.tasks = tasks;
  }

  public void load() {
    tasks.run(
        store::load,
        this::show,
        e -> message.set("Could not read the settings: " + e.getMessage()));
  }

  private void show(Endpoints e) {
    s3Endpoint.set(e.s3Endpoint());
    region.set(e.region());
    bucket.set(e.bucket());
    prefix.set(e.prefix());
    profile.set(e.profile());
    gatewayAdminUrl.set(e.gatewayAdminUrl());
    issuer.set(e.issuer());
    clientId.set(e.clientId());
  }

  public Endpoints endpoints() {
    return new Endpoints(
        s3Endpoint.get().strip(),
        region.get().strip(),
        bucket.get().strip(),
        prefix.get().strip(),
        profile.get().strip(),
        gatewayAdminUrl.get().strip(),
        issuer.get().strip(),
        clientId.get().strip());
  }

  public void save() {
    Endpoints e = endpoints();
    List<String> problems = e.problems();
    if (!problems.isEmpty()) {
      message.set(String.join(" ", problems));
      return;
    }
    tasks.run(
        () -> {
          store.save(e);
          return e;
        },
        saved -> message.set("Saved. The next sync, sign-in and access-request feed use them."),
        failure -> message.set("Could not save: " + failure.getMessage()));
  }

  public void testConnection() {
    Endpoints e = endpoints();
    List<String> problems = e.problems();
    if (!problems.isEmpty()) {
      message.set(String.join(" ", problems));
      return;
    }
    message.set("Testing…");
    results.clear();
    tasks.run(
        () -> store.test(e),
        lines -> {
          results.setAll(lines);
          message.set(
              lines.stream().allMatch(l -> l.contains(": ok"))
                  ? "Every endpoint answered."
                  : "Some endpoints did not answer; see below.");
        },
        failure -> message.set("The test stopped: " + failure.getMessage()));
  }

  public StringProperty s3Endpoint() {
    return s3Endpoint;
  }

  public StringProperty region() {
    return region;
  }

  public StringProperty bucket() {
    return bucket;
  }

  public StringProperty prefix() {
    return prefix;
  }

  public StringProperty profile() {
    return profile;
  }

  public StringProperty gatewayAdminUrl() {
    return gatewayAdminUrl;
  }

  public StringProperty issuer() {
    return issuer;
  }

  public StringProperty clientId() {
    return clientId;
  }

  public ObservableList<String> results() {
    return results;
  }

  public ReadOnlyStringProperty message() {
    return message.getReadOnlyProperty();
  }
}
