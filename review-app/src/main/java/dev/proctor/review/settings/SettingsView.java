package dev.proctor.review.settings;

import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The settings screen: S3 and gateway endpoints, save, and test connection. Binds only. */
public final class SettingsView extends VBox {

  public SettingsView(SettingsViewModel model) {
    super(10);
    getStyleClass().add("settings-view");
    setPadding(new Insets(16));
    GridPane grid = new GridPane();
    grid.setHgap(12);
    grid.setVgap(8);
    int row = 0;
    row = section(grid, row, "Recordings bucket (S3)");
    row =
        field(
            grid,
            row,
            "Endpoint",
            "s3-endpoint",
            model.s3Endpoint(),
            "empty for AWS; http://127.0.0.1:9000 for MinIO or the dev stack");
    row = field(grid, row, "Region", "s3-region", model.region(), "us-east-1");
    row = field(grid, row, "Bucket", "s3-bucket", model.bucket(), "proctor");
    row = field(grid, row, "Prefix", "s3-prefix", model.prefix(), "");
    row =
        field(
            grid,
            row,
            "AWS profile",
            "s3-profile",
            model.profile(),
            "empty for the default credentials");
    row = section(grid, row, "Gateway and sign-in");
    row =
        field(
            grid,
            row,
            "Gateway admin URL",
            "gateway-admin-url",
            model.gatewayAdminUrl(),
            "http://127.0.0.1:8081");
    row =
        field(
            grid,
            row,
            "OIDC issuer",
            "oidc-issuer",
            model.issuer(),
            "https://login.example.com/realms/corp");
    field(grid, row, "Client id", "oidc-client-id", model.clientId(), "proctor-workstation");

    Button save = new Button("Save", new FontIcon(Feather.SAVE));
    save.setId("settings-save");
    save.getStyleClass().add("accent");
    save.setOnAction(e -> model.save());
    Button test = new Button("Test connection", new FontIcon(Feather.ACTIVITY));
    test.setId("settings-test");
    test.setOnAction(e -> model.testConnection());
    Label message = new Label();
    message.setId("settings-message");
    message.setWrapText(true);
    message.textProperty().bind(model.message());
    ListView<String> results = new ListView<>(model.results());
    results.setId("settings-results");
    results.setPrefHeight(200);
    results.setCellFactory(list -> new WrappingCell(list));
    results.setPlaceholder(
        new Label("Test connection tries the bucket, the gateway and the identity provider."));
    getChildren().addAll(grid, new HBox(8, save, test), message, results);
  }

  /**
   * A result line wrapped to the list's width: the lines name a URL and then say what is wrong, and
   * the part that says what to do came last, beyond the edge.
   */
  static final class WrappingCell extends ListCell<String> {
    WrappingCell(ListView<String> list) {
      setWrapText(true);
      prefWidthProperty().bind(list.widthProperty().subtract(24)); // inside the scroll bar
      setMaxWidth(Region.USE_PREF_SIZE);
    }

    @Override
    protected void updateItem(String item, boolean empty) {
      super.updateItem(item, empty);
      setText(empty ? null : item);
    }
  }

  private static int section(GridPane grid, int row, String title) {
    Label label = new Label(title);
    label.getStyleClass().add("section-title");
    grid.add(label, 0, row, 2, 1);
    return row + 1;
  }

  private static int field(
      GridPane grid, int row, String name, String id, StringProperty value, String hint) {
    TextField field = new TextField();
    field.setId(id);
    field.setPromptText(hint);
    field.textProperty().bindBidirectional(value);
    field.setPrefColumnCount(40);
    GridPane.setHgrow(field, Priority.ALWAYS);
    grid.addRow(row, new Label(name), field);
    return row + 1;
  }
}
