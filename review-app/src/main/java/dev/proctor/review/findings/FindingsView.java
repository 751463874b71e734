package dev.proctor.review.findings;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The findings screen: a table of secrets across sessions, triage buttons for the selected one, and
 * the "was this key exposed?" box. A double click opens the session. Binds only.
 */
public final class FindingsView extends BorderPane {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  public FindingsView(FindingsViewModel model, Consumer<String> openSession) {
    getStyleClass().add("findings-view");
    TableView<FindingRow> table = new TableView<>(model.rows());
    table.setId("findings-table");
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.getColumns().add(column("Rule", FindingRow::rule, 170));
    table.getColumns().add(column("User", FindingRow::user, 70));
    table.getColumns().add(column("Time (UTC)", r -> TIME.format(r.time()), 150));
    table.getColumns().add(column("Direction", FindingRow::direction, 90));
    table.getColumns().add(column("Handling", FindingRow::handling, 90));
    table.getColumns().add(column("Status", FindingRow::status, 120));
    table.getColumns().add(column("Session", FindingRow::sid, 260));
    table.setPlaceholder(new Label("No findings. Sync, or change the filter."));
    table.setRowFactory(
        t -> {
          TableRow<FindingRow> row =
              new TableRow<>() {
                @Override
                protected void updateItem(FindingRow item, boolean empty) {
                  super.updateItem(item, empty);
                  getStyleClass().removeAll("leaked-row");
                  if (!empty && item != null && item.handling().equals("leaked")) {
                    getStyleClass().add("leaked-row");
                  }
                }
              };
          opensOnDoubleClick(row, () -> row.getItem().sid(), openSession);
          return row;
        });
    dev.proctor.review.ui.Selection.bind(table.getSelectionModel(), model.selected());

    ChoiceBox<String> filter = new ChoiceBox<>();
    filter.setId("findings-filter");
    filter.getItems().setAll(FindingsViewModel.FILTERS);
    filter.valueProperty().bindBidirectional(model.filter());
    TextField note = new TextField();
    note.setId("triage-note");
    note.setPromptText("Note (optional): ticket, who rotated it…");
    note.textProperty().bindBidirectional(model.note());
    HBox.setHgrow(note, Priority.ALWAYS);
    HBox triage = new HBox(6, new Label("Show"), filter, note);
    for (String status : FindingsViewModel.STATUSES) {
      Button b = new Button(label(status));
      b.setId("triage-" + status);
      b.disableProperty().bind(model.selected().isNull());
      b.setOnAction(e -> model.triage(status));
      triage.getChildren().add(b);
    }
    triage.setAlignment(Pos.CENTER_LEFT);
    triage.setPadding(new Insets(10, 12, 6, 12));
    Label status = new Label();
    status.setId("findings-status");
    status.getStyleClass().add("replay-status");
    status.textProperty().bind(model.status());
    status.setPadding(new Insets(4, 12, 4, 12));

    setTop(triage);
    setCenter(table);
    setRight(exposureBox(model, openSession));
    setBottom(status);
  }

  private static VBox exposureBox(FindingsViewModel model, Consumer<String> openSession) {
    Label title = new Label("Was this key exposed?", new FontIcon(Feather.SEARCH));
    title.getStyleClass().add("section-title");
    Label hint =
        new Label(
            "Paste a key. It is fingerprinted with the organisation's key and then dropped:"
                + " neither the key nor the search is stored.");
    hint.setWrapText(true);
    hint.getStyleClass().add("hint");
    PasswordField candidate = new PasswordField();
    candidate.setId("exposure-candidate");
    candidate.setPromptText("the key");
    candidate.textProperty().bindBidirectional(model.candidate());
    candidate.setOnAction(e -> model.checkExposure());
    Button check = new Button("Check");
    check.setId("exposure-check");
    check.setDefaultButton(false);
    check.setOnAction(e -> model.checkExposure());
    HBox row = new HBox(6, candidate, check);
    HBox.setHgrow(candidate, Priority.ALWAYS);
    Label result = new Label();
    result.setId("exposure-status");
    result.setWrapText(true);
    result.textProperty().bind(model.exposureStatus());
    ListView<Exposure> where = new ListView<>(model.exposures());
    where.setId("exposures");
    where.setPlaceholder(new Label(""));
    where.setCellFactory(
        list -> {
          ListCell<Exposure> cell =
              new ListCell<>() {
                @Override
                protected void updateItem(Exposure item, boolean empty) {
                  super.updateItem(item, empty);
                  setText(empty || item == null ? null : item.text());
                }
              };
          opensOnDoubleClick(cell, () -> cell.getItem().sid(), openSession);
          return cell;
        });
    where.setOnKeyPressed(
        e -> {
          Exposure selected = where.getSelectionModel().getSelectedItem();
          if (e.getCode() == KeyCode.ENTER && selected != null) {
            openSession.accept(selected.sid());
          }
        });
    VBox.setVgrow(where, Priority.ALWAYS);
    VBox box = new VBox(8, title, hint, row, result, where);
    box.setPadding(new Insets(10, 12, 10, 12));
    box.setPrefWidth(330);
    box.getStyleClass().add("exposure-box");
    return box;
  }

  /** A double click on a row that holds something opens its session. */
  private static void opensOnDoubleClick(
      IndexedCell<?> cell, Supplier<String> sid, Consumer<String> openSession) {
    cell.setOnMouseClicked(
        e -> {
          if (e.getClickCount() == 2 && !cell.isEmpty()) {
            openSession.accept(sid.get());
          }
        });
  }

  private static String label(String status) {
    return switch (status) {
      case "confirmed-leak" -> "Confirmed leak";
      case "false-positive" -> "False positive";
      case "rotated" -> "Rotated";
      default -> "Reopen";
    };
  }

  private static TableColumn<FindingRow, String> column(
      String title, Function<FindingRow, String> value, double width) {
    TableColumn<FindingRow, String> c = new TableColumn<>(title);
    c.setCellValueFactory(cell -> new SimpleStringProperty(value.apply(cell.getValue())));
    c.setPrefWidth(width);
    return c;
  }
}
