package dev.proctor.review.sessions;

import atlantafx.base.theme.Styles;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The sessions screen: a search box with the query syntax at hand, a facet sidebar with counts, and
 * a virtualized list of sessions with the matching text highlighted. Binds only.
 */
public final class SessionsView extends BorderPane {
  static final String SYNTAX_HELP =
      """
      Every word must match; OR, NOT, -word, "a phrase", word*, (groups) work as usual.
      Every other character is text: paste code, paths, URLs and questions as they are.
      Identifiers are found whole or by their parts: user finds getUserName.
      Facets as fields: user:alice model:sim-1 finding_rule:github-pat
      Roles: role:user, role:assistant, role:tool_call, role:tool_result
      Time: time:[2026-11-01 TO 2026-11-24] (UTC)""";

  private static final double ROW_HEIGHT = 68;
  private static final double DETAIL_HEIGHT = 20;

  public SessionsView(SessionsViewModel model) {
    getStyleClass().add("sessions-view");
    setTop(searchBar(model));
    setLeft(sidebar(model));
    setCenter(list(model));
    Label status = new Label();
    status.setId("status");
    status.textProperty().bind(model.status());
    // a query's error can be longer than the window is wide
    Tooltip whole = new Tooltip();
    whole.textProperty().bind(model.status());
    whole.setWrapText(true);
    whole.setMaxWidth(600);
    status.setTooltip(whole);
    status.setPadding(new Insets(6, 12, 6, 12));
    setBottom(status);
  }

  private static HBox searchBar(SessionsViewModel model) {
    TextField search = new TextField();
    search.setId("search");
    search.setPromptText(
        "Search prompts, answers and tool calls — aws key, getUserName, user:alice");
    search.textProperty().bindBidirectional(model.query());
    search.setOnAction(e -> model.refresh());
    HBox.setHgrow(search, Priority.ALWAYS);
    Button go = new Button("Search", new FontIcon(Feather.SEARCH));
    go.setId("go");
    go.setDefaultButton(true);
    go.getStyleClass().add(Styles.ACCENT);
    go.setOnAction(e -> model.refresh());
    go.disableProperty().bind(model.loading());
    Label help = new Label(null, new FontIcon(Feather.HELP_CIRCLE));
    help.setId("syntax-help");
    Tooltip syntax = new Tooltip(SYNTAX_HELP);
    syntax.setShowDelay(Duration.millis(100));
    syntax.setShowDuration(Duration.INDEFINITE);
    help.setTooltip(syntax);
    HBox bar = new HBox(8, search, help, go);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(12));
    return bar;
  }

  private static ScrollPane sidebar(SessionsViewModel model) {
    VBox groups = new VBox(12);
    groups.setId("facets");
    groups.setPadding(new Insets(4, 12, 12, 12));
    Runnable rebuild =
        () -> {
          groups.getChildren().clear();
          for (FacetGroup group : model.facets()) {
            Label title = new Label(group.title());
            title.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_BOLD, "facet-title");
            VBox options = new VBox(2, title);
            for (FacetGroup.Option option : group.options()) {
              CheckBox box = new CheckBox(option.value());
              box.setId("facet-" + group.id() + "-" + option.value());
              box.setSelected(option.selected());
              box.setOnAction(e -> model.toggle(group.id(), option.value()));
              Label count = new Label(String.format("%,d", option.count()));
              count.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
              Region gap = new Region();
              HBox.setHgrow(gap, Priority.ALWAYS);
              HBox line = new HBox(4, box, gap, count);
              line.setAlignment(Pos.CENTER_LEFT);
              options.getChildren().add(line);
            }
            groups.getChildren().add(options);
          }
        };
    model.facets().addListener((ListChangeListener<FacetGroup>) c -> rebuild.run());
    rebuild.run();
    ScrollPane scroll = new ScrollPane(groups);
    scroll.setFitToWidth(true);
    scroll.setPrefWidth(270);
    scroll.getStyleClass().add("facet-sidebar");
    return scroll;
  }

  private static ListView<SessionRow> list(SessionsViewModel model) {
    ListView<SessionRow> list = new ListView<>(model.rows());
    list.setId("sessions");
    list.setCellFactory(v -> new SessionCell());
    // rows of one height scroll smoothly however many there are
    list.setFixedCellSize(ROW_HEIGHT);
    list.setPlaceholder(new Label("No sessions. Run ./proctor sync, then search again."));
    list.getSelectionModel().selectedItemProperty().addListener((o, was, row) -> model.select(row));
    return list;
  }

  /** One session: who, when, through what, its integrity, findings and flags, the matching text. */
  private static final class SessionCell extends ListCell<SessionRow> {
    SessionCell() {
      setPrefWidth(0); // fit the list's width; long snippets wrap instead of scrolling sideways
    }

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
      if (!row.integrityLabel().equals(row.integrity())) {
        badge.setTooltip(new Tooltip(row.integrity()));
      }
      HBox head = new HBox(8, who, badge);
      head.setAlignment(Pos.CENTER_LEFT);
      badge.setMinWidth(Region.USE_PREF_SIZE); // the who line shortens first
      who.setMinWidth(0);
      // as wide as the list, not as the (clipped) detail line below
      head.maxWidthProperty().bind(getListView().widthProperty().subtract(40));
      for (String rule : row.findings()) {
        Label finding = new Label(rule, new FontIcon(Feather.KEY));
        finding.getStyleClass().addAll("badge", "badge-finding");
        finding.setMinWidth(Region.USE_PREF_SIZE);
        head.getChildren().add(finding);
      }
      for (String flag : row.flags()) {
        Label label = new Label(flag, new FontIcon(Feather.FLAG));
        label.getStyleClass().addAll("badge", "badge-flag");
        label.setMinWidth(Region.USE_PREF_SIZE);
        head.getChildren().add(label);
      }
      TextFlow detail = new TextFlow();
      detail.getStyleClass().add("session-detail");
      // one line, cut at the list's edge: every row has the same height (see list())
      detail.setMinWidth(Region.USE_PREF_SIZE); // never wrap
      detail.setMaxHeight(DETAIL_HEIGHT);
      Rectangle clip = new Rectangle();
      clip.widthProperty().bind(getListView().widthProperty().subtract(48));
      clip.setHeight(DETAIL_HEIGHT);
      detail.setClip(clip);
      for (Highlight run : row.detail()) {
        Text text = new Text(run.text());
        text.getStyleClass().add(run.highlighted() ? "hit" : "plain");
        detail.getChildren().add(text);
      }
      Label sid = new Label(row.sid());
      sid.getStyleClass().add("session-id");
      setText(null);
      setGraphic(new VBox(2, head, detail, sid));
    }
  }
}
