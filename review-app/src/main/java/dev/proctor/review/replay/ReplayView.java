package dev.proctor.review.replay;

import dev.proctor.review.sessions.Highlight;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * The replay screen: a session as a conversation, bubbles by role under each exchange's header,
 * masked secrets marked, the integrity as a badge. Binds only.
 */
public final class ReplayView extends BorderPane {

  public ReplayView(ReplayViewModel model) {
    getStyleClass().add("replay-view");
    Label title = new Label();
    title.setId("replay-title");
    title.getStyleClass().add("replay-title");
    title.textProperty().bind(model.title());
    Label badge = new Label();
    badge.setId("replay-integrity");
    badge.textProperty().bind(model.integrity());
    badge.visibleProperty().bind(model.integrity().isNotEmpty());
    model
        .integrity()
        .addListener(
            (o, was, now) -> {
              badge.getStyleClass().setAll("label", "badge", "badge-" + now);
            });
    Tooltip why = new Tooltip();
    why.textProperty().bind(model.integrityDetail());
    badge.setTooltip(why);
    badge.setMinWidth(Region.USE_PREF_SIZE); // the title shortens first
    HBox head = new HBox(8, badge, title);
    head.setAlignment(Pos.CENTER_LEFT);
    head.setPadding(new Insets(12));

    ListView<Bubble> conversation = new ListView<>(model.bubbles());
    conversation.setId("conversation");
    conversation.setCellFactory(v -> new BubbleCell());
    conversation.setPlaceholder(new Label("Select a session to replay it."));
    setTop(head);
    setCenter(conversation);
  }

  /** A header line, or a message bubble styled by its role. */
  private static final class BubbleCell extends ListCell<Bubble> {
    BubbleCell() {
      setPrefWidth(0);
    }

    @Override
    protected void updateItem(Bubble bubble, boolean empty) {
      super.updateItem(bubble, empty);
      if (empty || bubble == null) {
        setText(null);
        setGraphic(null);
        return;
      }
      Label label = new Label(bubble.label());
      label.getStyleClass().add("bubble-label");
      if (bubble.kind().equals("exchange")) {
        label.getStyleClass().add("exchange-header");
        label.setWrapText(true);
        setGraphic(label);
        return;
      }
      TextFlow text = new TextFlow();
      text.getStyleClass().add("bubble-text");
      for (Highlight run : bubble.text()) {
        Text t = new Text(run.text());
        t.getStyleClass().add(run.highlighted() ? "masked" : "plain");
        text.getChildren().add(t);
      }
      text.prefWidthProperty().bind(getListView().widthProperty().subtract(80));
      VBox box = new VBox(4, label, text);
      box.getStyleClass().addAll("bubble", "bubble-" + bubble.kind());
      box.setPadding(new Insets(8, 12, 8, 12));
      HBox line = new HBox(box);
      line.setAlignment(
          bubble.kind().equals("user") || bubble.kind().equals("tool_result")
              ? Pos.CENTER_RIGHT
              : Pos.CENTER_LEFT);
      setGraphic(line);
    }
  }
}
