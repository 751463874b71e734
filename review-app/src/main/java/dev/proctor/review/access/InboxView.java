package dev.proctor.review.access;

import java.time.Instant;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The access-request inbox: requests on the left (pending first), the selected one's details and
 * the decision form on the right. Binds only.
 */
public final class InboxView extends BorderPane {

  public InboxView(InboxViewModel model) {
    getStyleClass().add("inbox-view");
    ListView<RequestRow> list = new ListView<>(model.rows());
    list.setId("requests");
    Label empty = new Label();
    empty.setWrapText(true);
    empty
        .textProperty()
        .bind(
            model
                .connection()
                .map(
                    c ->
                        c.equals("live")
                            ? "No access requests you may see."
                            : "Sign in (top right) to see and decide access requests."));
    list.setPlaceholder(empty);
    list.setCellFactory(v -> new RequestCell(model.now()));
    model.now().addListener((o, was, is) -> list.refresh());
    Timeline ages = new Timeline(new KeyFrame(Duration.seconds(5), e -> model.tick()));
    ages.setCycleCount(Animation.INDEFINITE);
    ages.play();
    model.tick(); // the feed may have filled the rows a while before this view first shows
    dev.proctor.review.ui.Selection.bind(list.getSelectionModel(), model.selected());

    Label live = new Label();
    live.setId("feed-state");
    live.textProperty().bind(model.connection().map(s -> "Change feed: " + s));
    live.getStyleClass().add("replay-status");
    live.setPadding(new Insets(8, 12, 8, 12));

    SplitPane split = new SplitPane(list, details(model));
    split.setDividerPositions(0.38);
    setTop(live);
    setCenter(split);
  }

  private static Region details(InboxViewModel model) {
    GridPane facts = new GridPane();
    facts.setHgap(12);
    facts.setVgap(6);
    String[] names = {
      "Requester", "Groups", "Connection", "Reason", "Asked for", "Asked", "State", "Decision"
    };
    for (int i = 0; i < names.length; i++) {
      Label name = new Label(names[i]);
      name.getStyleClass().add("fact-name");
      Label value = new Label();
      value.setId("fact-" + names[i].toLowerCase().replace(' ', '-'));
      value.setWrapText(true);
      int field = i;
      value
          .textProperty()
          .bind(
              Bindings.createStringBinding(
                  () -> {
                    RequestRow r = model.selected().get();
                    return r == null
                        ? ""
                        : switch (field) {
                          case 0 -> r.requester();
                          case 1 -> r.groups();
                          case 2 -> r.connection() + "  (rule " + r.request().rule() + ")";
                          case 3 -> r.reason();
                          case 4 -> r.requestedDuration();
                          case 5 -> r.age(model.now().get());
                          case 6 -> r.state();
                          default -> r.decision();
                        };
                  },
                  model.selected(),
                  model.now()));
      facts.addRow(i, name, value);
    }
    Label promptTitle = new Label("The prompt that triggered it (secrets masked)");
    promptTitle.getStyleClass().add("fact-name");
    TextArea prompt = new TextArea();
    prompt.setId("request-prompt");
    prompt.setEditable(false);
    prompt.setWrapText(true);
    prompt.getStyleClass().add("prompt");
    prompt.textProperty().bind(model.selected().map(RequestRow::prompt));
    prompt.setPrefRowCount(6);

    TextField duration = new TextField();
    duration.setId("grant-duration");
    duration.setPromptText("as asked, or 2h");
    duration.setPrefColumnCount(9);
    duration.textProperty().bindBidirectional(model.duration());
    TextField reason = new TextField();
    reason.setId("decision-reason");
    reason.setPromptText("Reason (recorded in the audit stream)");
    reason.textProperty().bindBidirectional(model.reason());
    HBox.setHgrow(reason, Priority.ALWAYS);
    Button approve = new Button("Approve", new FontIcon(Feather.CHECK));
    approve.setId("approve");
    approve.getStyleClass().add("success");
    approve.setOnAction(e -> model.approve());
    Button deny = new Button("Deny", new FontIcon(Feather.X));
    deny.setId("deny");
    deny.getStyleClass().add("danger");
    deny.setOnAction(e -> model.deny());
    Button revoke = new Button("Revoke", new FontIcon(Feather.SLASH));
    revoke.setId("revoke");
    revoke.setOnAction(e -> model.revoke());
    var pending = model.selected().map(r -> r.state().equals("pending")).orElse(false);
    approve.disableProperty().bind(pending.map(p -> !p));
    deny.disableProperty().bind(pending.map(p -> !p));
    revoke
        .disableProperty()
        .bind(model.selected().map(r -> !r.state().equals("approved")).orElse(true));
    HBox form = new HBox(8, duration, reason, approve, deny, revoke);
    form.setAlignment(Pos.CENTER_LEFT);
    Label message = new Label();
    message.setId("decision-message");
    message.setWrapText(true);
    message.getStyleClass().add("decision-message");
    message.textProperty().bind(model.message());

    VBox box = new VBox(10, facts, promptTitle, prompt, form, message);
    box.setPadding(new Insets(12));
    box.visibleProperty().bind(model.selected().isNotNull());
    return box;
  }

  /** Requester, connection, state and reason of one request. */
  private static final class RequestCell extends ListCell<RequestRow> {
    private final ObservableValue<Instant> now;

    RequestCell(ObservableValue<Instant> now) {
      this.now = now;
    }

    @Override
    protected void updateItem(RequestRow row, boolean empty) {
      super.updateItem(row, empty);
      if (empty || row == null) {
        setGraphic(null);
        setText(null);
        return;
      }
      Label who = new Label(row.requester() + " → " + row.connection());
      who.getStyleClass().add("session-head");
      Label state = new Label(row.state());
      state.getStyleClass().addAll("badge", "badge-state-" + row.state());
      state.setMinWidth(Region.USE_PREF_SIZE);
      Region grow = new Region();
      HBox.setHgrow(grow, Priority.ALWAYS);
      Label age = new Label(row.age(now.getValue()));
      age.getStyleClass().add("session-id");
      HBox head = new HBox(8, who, grow, state);
      head.setAlignment(Pos.CENTER_LEFT);
      Label reason = new Label(row.reason() + "  ·  " + row.requestedDuration());
      reason.getStyleClass().add("hint");
      setGraphic(new VBox(2, head, reason, age));
      setText(null);
    }
  }
}
