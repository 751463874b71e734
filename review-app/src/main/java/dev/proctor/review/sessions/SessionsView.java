package dev.proctor.review.sessions;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The sessions screen: a search box over a virtualized list of sessions. Binds only. */
public final class SessionsView extends BorderPane {

  public SessionsView(SessionsViewModel model) {
    getStyleClass().add("sessions-view");
    TextField search = new TextField();
    search.setId("search");
    search.setPromptText(
        "Search prompts and responses — for example: aws AND key, \"exact phrase\"");
    search.textProperty().bindBidirectional(model.query());
    search.setOnAction(e -> model.refresh());
    HBox.setHgrow(search, Priority.ALWAYS);
    Button go = new Button("Search");
    go.setDefaultButton(true);
    go.setOnAction(e -> model.refresh());
    go.disableProperty().bind(model.loading());
    HBox bar = new HBox(8, search, go);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(12));

    ListView<SessionRow> list = new ListView<>(model.rows());
    list.setId("sessions");
    list.setCellFactory(v -> new SessionCell());
    list.setPlaceholder(new Label("No sessions. Run ./proctor sync, then search again."));

    Label status = new Label();
    status.setId("status");
    status.textProperty().bind(model.status());
    status.setPadding(new Insets(6, 12, 6, 12));

    setTop(bar);
    setCenter(list);
    setBottom(status);
  }

  /** One session: who, when, through what, its integrity, and the matching text. */
  private static final class SessionCell extends ListCell<SessionRow> {
    @Override
    protected void updateItem(SessionRow row, boolean empty) {
      super.updateItem(row, empty);
      if (empty || row == null) {
        setText(null);
        setGraphic(null);
        return;
      }
      Label who = new Label(row.user() + " · " + row.connection() + " · " + row.started() + " UTC");
      who.getStyleClass().add("session-head");
      Label badge = new Label(row.integrityLabel());
      badge.getStyleClass().addAll("badge", "badge-" + row.integrityLabel());
      HBox head = new HBox(8, who, badge);
      head.setAlignment(Pos.CENTER_LEFT);
      Label detail = new Label(row.detail());
      detail.getStyleClass().add("session-detail");
      Label sid = new Label(row.sid());
      sid.getStyleClass().add("session-id");
      setText(null);
      setGraphic(new VBox(2, head, detail, sid));
    }
  }
}
