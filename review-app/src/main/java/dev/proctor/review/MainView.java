package dev.proctor.review;

import dev.proctor.review.ShellViewModel.Screen;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The main window: a navigation rail (sessions, findings, access requests, charts, settings), a top
 * bar with sync and sign-in, and the chosen screen. Binds only.
 */
public final class MainView extends BorderPane {
  private final SplitPane sessionsAndReplay;

  /**
   * @param screens builds each screen; a screen is built the first time it is shown
   */
  public MainView(ShellViewModel shell, Map<Screen, Supplier<Node>> screens) {
    getStyleClass().add("main-view");
    Map<Screen, Node> built = new EnumMap<>(Screen.class);
    java.util.function.Function<Screen, Node> screen =
        s -> built.computeIfAbsent(s, k -> screens.get(k).get());
    this.sessionsAndReplay =
        screen.apply(Screen.SESSIONS) instanceof SplitPane split ? split : null;
    VBox rail = new VBox(4);
    rail.getStyleClass().add("nav-rail");
    rail.setPadding(new Insets(8, 6, 8, 6));
    ToggleGroup group = new ToggleGroup();
    Map<Screen, ToggleButton> buttons = new EnumMap<>(Screen.class);
    int n = 1;
    for (Screen s : Screen.values()) {
      ToggleButton b = new ToggleButton(null, new FontIcon(icon(s)));
      b.setId("nav-" + s.name().toLowerCase());
      b.setToggleGroup(group);
      b.setTooltip(new Tooltip(title(s) + " (Ctrl+" + n++ + ")"));
      b.getStyleClass().add("nav-button");
      b.setOnAction(e -> shell.show(s));
      buttons.put(s, b);
      rail.getChildren().add(b);
    }
    shell
        .screen()
        .subscribe(
            s -> {
              buttons.get(s).setSelected(true);
              setCenter(screen.apply(s));
            });

    Label brand = new Label("Proctor", new FontIcon(Feather.SHIELD));
    brand.getStyleClass().add("brand");
    Label status = new Label();
    status.setId("shell-status");
    status.getStyleClass().add("replay-status");
    status.textProperty().bind(shell.status());
    Region grow = new Region();
    HBox.setHgrow(grow, Priority.ALWAYS);
    Button sync = new Button("Sync", new FontIcon(Feather.REFRESH_CW));
    sync.setId("sync");
    sync.setTooltip(new Tooltip("Fetch new recordings from the bucket (Ctrl+R)"));
    sync.disableProperty().bind(shell.syncing());
    sync.setOnAction(e -> shell.sync());
    Button signIn = new Button();
    signIn.setId("sign-in");
    signIn.textProperty().bind(shell.user().map(u -> u.isEmpty() ? "Sign in" : "Sign out " + u));
    signIn.setGraphic(new FontIcon(Feather.USER));
    signIn.setOnAction(
        e -> {
          if (shell.user().get().isEmpty()) {
            shell.signIn();
          } else {
            shell.signOut();
          }
        });
    HBox top = new HBox(10, brand, status, grow, sync, signIn);
    top.setAlignment(Pos.CENTER_LEFT);
    top.setPadding(new Insets(6, 12, 6, 12));
    top.getStyleClass().add("top-bar");
    setTop(top);
    setLeft(rail);
  }

  /** The divider between the sessions list and the replay, to remember. */
  public SplitPane sessionsAndReplay() {
    return sessionsAndReplay;
  }

  static String title(Screen s) {
    return switch (s) {
      case SESSIONS -> "Sessions and replay";
      case FINDINGS -> "Findings";
      case ACCESS -> "Access requests";
      case CHARTS -> "Charts";
      case SETTINGS -> "Settings";
    };
  }

  private static Ikon icon(Screen s) {
    return switch (s) {
      case SESSIONS -> Feather.MESSAGE_SQUARE;
      case FINDINGS -> Feather.KEY;
      case ACCESS -> Feather.INBOX;
      case CHARTS -> Feather.BAR_CHART_2;
      case SETTINGS -> Feather.SETTINGS;
    };
  }
}
