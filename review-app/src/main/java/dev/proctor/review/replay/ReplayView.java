package dev.proctor.review.replay;

import java.io.File;
import javafx.animation.AnimationTimer;
import javafx.collections.ListChangeListener;
import javafx.collections.SetChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The replay screen: a session as a conversation on its timeline, with playback controls, the
 * integrity badge, an export menu, and the raw events in a second tab. Binds only.
 */
public final class ReplayView extends BorderPane {
  private final ReplayViewModel model;
  private final ListView<Bubble> conversation;

  public ReplayView(ReplayViewModel model) {
    this.model = model;
    getStyleClass().add("replay-view");
    conversation = new ListView<>(model.bubbles());
    conversation.setId("conversation");
    conversation.setCellFactory(v -> new BubbleCell());
    conversation.setPlaceholder(new Label("Select a session to replay it."));
    model.expanded().addListener((SetChangeListener<String>) c -> conversation.refresh());
    model
        .focus()
        .addListener(
            (o, was, index) -> {
              if (index.intValue() >= 0) {
                conversation.scrollTo(index.intValue());
                conversation.getSelectionModel().select(index.intValue());
              }
            });
    model
        .bubbles()
        .addListener(
            (ListChangeListener<Bubble>)
                c -> {
                  if (model.playing().get() && !model.bubbles().isEmpty()) {
                    conversation.scrollTo(model.bubbles().size() - 1);
                  }
                });

    ListView<String> raw = new ListView<>(model.rawEvents());
    raw.setId("raw-events");
    raw.getStyleClass().add("raw-events");
    raw.setPlaceholder(new Label("No events."));

    TabPane tabs = new TabPane(new Tab("Conversation", conversation), new Tab("Raw events", raw));
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    tabs.getTabs().get(1).setId("raw-tab");

    setTop(new VBox(head(), controls()));
    setCenter(tabs);
    Label status = new Label();
    status.setId("replay-status");
    status.getStyleClass().add("replay-status");
    status.textProperty().bind(model.status());
    status.setPadding(new Insets(4, 12, 4, 12));
    setBottom(status);

    AnimationTimer timer =
        new AnimationTimer() {
          @Override
          public void handle(long now) {
            model.tick(now);
          }
        };
    model
        .playing()
        .addListener(
            (o, was, now) -> {
              if (now) {
                timer.start();
              } else {
                timer.stop();
              }
            });
  }

  private Node head() {
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
            (o, was, now) -> badge.getStyleClass().setAll("label", "badge", "badge-" + now));
    Tooltip why = new Tooltip();
    why.textProperty().bind(model.integrityDetail());
    badge.setTooltip(why);
    badge.setMinWidth(Region.USE_PREF_SIZE); // the title shortens first

    MenuButton export = new MenuButton("Export", new FontIcon(Feather.DOWNLOAD));
    export.setId("export");
    export.disableProperty().bind(model.sid().isEmpty());
    export.setMinWidth(Region.USE_PREF_SIZE);
    for (String format : new String[] {"html", "md", "json"}) {
      MenuItem item = new MenuItem("Incident report (" + format + ")");
      item.setOnAction(e -> export(format));
      export.getItems().add(item);
    }
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    HBox head = new HBox(8, badge, title, grow, export);
    head.setAlignment(Pos.CENTER_LEFT);
    head.setPadding(new Insets(10, 12, 4, 12));
    return head;
  }

  private void export(String format) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Export the incident report");
    chooser.setInitialFileName("proctor-" + model.sid().get() + "." + format);
    File file = chooser.showSaveDialog(getScene().getWindow());
    if (file != null) {
      model.export(file, format);
    }
  }

  private Node controls() {
    Button play = new Button();
    play.setId("play");
    play.setGraphic(new FontIcon(Feather.PLAY));
    play.setTooltip(new Tooltip("Play / pause (Space)"));
    play.setOnAction(e -> model.togglePlay());
    model
        .playing()
        .addListener(
            (o, was, now) -> play.setGraphic(new FontIcon(now ? Feather.PAUSE : Feather.PLAY)));
    ChoiceBox<Speed> speed = new ChoiceBox<>();
    speed.setId("speed");
    speed.getItems().setAll(Speed.values());
    speed.valueProperty().bindBidirectional(model.speed());
    speed.setTooltip(new Tooltip("Playback speed"));
    Button previous = new Button(null, new FontIcon(Feather.SKIP_BACK));
    previous.setId("previous-finding");
    previous.setTooltip(new Tooltip("Previous finding (Shift+F3)"));
    previous.setOnAction(e -> model.previousFinding());
    Button next = new Button(null, new FontIcon(Feather.SKIP_FORWARD));
    next.setId("next-finding");
    next.setTooltip(new Tooltip("Next finding (F3)"));
    next.setOnAction(e -> model.nextFinding());
    Slider scrubber = new Slider();
    scrubber.setId("scrubber");
    scrubber.maxProperty().bind(model.duration());
    scrubber.valueProperty().bindBidirectional(model.position());
    HBox.setHgrow(scrubber, Priority.ALWAYS);
    Label clock = new Label();
    clock.setId("clock");
    clock.getStyleClass().add("clock");
    clock.textProperty().bind(model.clock());
    clock.setMinWidth(Region.USE_PREF_SIZE);
    HBox bar = new HBox(6, play, speed, previous, next, scrubber, clock);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(4, 12, 8, 12));
    bar.disableProperty().bind(model.sid().isEmpty());
    Tooltip scrub = new Tooltip("Drag to move through the session's timeline");
    scrub.setShowDelay(Duration.millis(600));
    scrubber.setTooltip(scrub);
    return bar;
  }

  /** A header line, or a message bubble styled by its role; tool calls and results fold. */
  private final class BubbleCell extends ListCell<Bubble> {
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
      if (bubble.kind().equals("exchange")) {
        Label header = new Label(bubble.label());
        header.getStyleClass().addAll("bubble-label", "exchange-header");
        header.setWrapText(true);
        setGraphic(header);
        return;
      }
      VBox box = new VBox(4);
      box.getStyleClass().addAll("bubble", "bubble-" + bubble.kind());
      box.setPadding(new Insets(8, 12, 8, 12));
      boolean folded = bubble.collapsible() && !model.expanded().contains(bubble.id());
      if (bubble.collapsible()) {
        Button label =
            new Button(
                bubble.label() + (bubble.hasSecret() ? "  ·  secret inside" : ""),
                new FontIcon(folded ? Feather.CHEVRON_RIGHT : Feather.CHEVRON_DOWN));
        label.getStyleClass().addAll("flat", "bubble-label", "fold");
        label.setOnAction(e -> model.toggle(bubble.id()));
        box.getChildren().add(label);
      } else {
        Label label = new Label(bubble.label());
        label.getStyleClass().add("bubble-label");
        box.getChildren().add(label);
      }
      if (!folded) {
        for (Block block : bubble.blocks()) {
          box.getChildren().add(block(block));
        }
      }
      HBox line = new HBox(box);
      line.setAlignment(
          bubble.kind().equals("user") || bubble.kind().equals("tool_result")
              ? Pos.CENTER_RIGHT
              : Pos.CENTER_LEFT);
      setGraphic(line);
    }

    private Node block(Block block) {
      TextFlow flow = new TextFlow();
      flow.getStyleClass().addAll("bubble-text", "block-" + block.kind().name().toLowerCase());
      for (Span span : block.spans()) {
        Text t = new Text(span.text());
        t.getStyleClass().add(span.style().name().toLowerCase());
        if (!span.note().isEmpty()) {
          Tooltip.install(t, new Tooltip(span.note()));
        }
        flow.getChildren().add(t);
      }
      flow.maxWidthProperty().bind(getListView().widthProperty().subtract(100));
      if (block.kind() != Block.Kind.CODE) {
        return flow;
      }
      VBox code = new VBox(flow);
      code.getStyleClass().add("code-block");
      code.setPadding(new Insets(6, 8, 6, 8));
      return code;
    }
  }
}
