package dev.proctor.review;

import dev.proctor.index.ProctorPaths;
import dev.proctor.review.ShellViewModel.Screen;
import dev.proctor.review.access.AdminClient;
import dev.proctor.review.access.InboxView;
import dev.proctor.review.access.InboxViewModel;
import dev.proctor.review.access.Notifier;
import dev.proctor.review.charts.ChartsView;
import dev.proctor.review.charts.ChartsViewModel;
import dev.proctor.review.findings.FindingsView;
import dev.proctor.review.findings.FindingsViewModel;
import dev.proctor.review.replay.ReplayView;
import dev.proctor.review.replay.ReplayViewModel;
import dev.proctor.review.sessions.SessionRow;
import dev.proctor.review.sessions.SessionsView;
import dev.proctor.review.sessions.SessionsViewModel;
import dev.proctor.review.settings.Endpoints;
import dev.proctor.review.settings.SettingsView;
import dev.proctor.review.settings.SettingsViewModel;
import dev.proctor.review.signin.BrowserLauncher;
import dev.proctor.review.signin.OidcSignIn;
import dev.proctor.review.signin.SignIn;
import dev.proctor.review.ui.TaskRunner;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * The composition root: the services, every screen's view model and view, and the main window
 * around them. {@link ReviewApp} builds one for the user's files; tests build one for theirs.
 */
public final class Workstation implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Workstation.class.getName());

  private final AppServices services;
  private final SignIn signIn;
  private final ShellViewModel shell;
  private final SessionsViewModel sessions;
  private final ReplayViewModel replay;
  private final FindingsViewModel findings;
  private final InboxViewModel inbox;
  private final ChartsViewModel charts;
  private final SettingsViewModel settings;
  private final MainView view;

  public Workstation(ProctorPaths paths, BrowserLauncher browser, Notifier notifier) {
    TaskRunner tasks = TaskRunner.background();
    // the index opens in the background while the window is built (earlier still from AppMain)
    services = AppServices.forPaths(paths);
    // endpoints are read when used, so saved settings apply without a restart
    signIn =
        new OidcSignIn(
            () -> {
              Endpoints e = services.endpoints();
              return new OidcSignIn.Client(e.issuer(), e.clientId());
            },
            browser,
            Clock.systemUTC());
    sessions = new SessionsViewModel(services.sessions(), tasks);
    replay = new ReplayViewModel(services.replay(), tasks, services::scanner);
    findings =
        new FindingsViewModel(
            services.findings(),
            tasks,
            () -> signIn.user().orElse(System.getProperty("user.name", "investigator")));
    inbox =
        new InboxViewModel(
            () ->
                new AdminClient(
                    URI.create(services.endpoints().gatewayAdminUrl()), signIn::accessToken),
            tasks,
            Platform::runLater,
            notifier,
            Clock.systemUTC());
    settings = new SettingsViewModel(services.settings(), tasks);
    shell =
        new ShellViewModel(
            signIn,
            () -> services.sync(p -> {}).toString(),
            tasks,
            this::refresh,
            () -> {
              if (signIn.user().isPresent()) {
                inbox.connect();
              } else {
                inbox.disconnect();
              }
            });
    charts =
        new ChartsViewModel(
            services::activity,
            tasks,
            (query, facet, value) -> {
              sessions.show(query, facet, value);
              shell.show(Screen.SESSIONS);
            });
    SplitPane split = new SplitPane(new SessionsView(sessions), new ReplayView(replay));
    split.setDividerPositions(0.56);
    sessions
        .selected()
        .addListener(
            (o, was, sid) -> {
              if (sid != null && !sid.isEmpty()) {
                replay.open(sid);
              }
            });
    Map<Screen, Supplier<Node>> screens = new EnumMap<>(Screen.class);
    screens.put(Screen.SESSIONS, () -> split);
    screens.put(
        Screen.FINDINGS,
        () ->
            new FindingsView(
                findings,
                sid -> {
                  shell.show(Screen.SESSIONS);
                  replay.open(sid);
                }));
    screens.put(Screen.ACCESS, () -> new InboxView(inbox));
    screens.put(Screen.CHARTS, () -> new ChartsView(charts));
    screens.put(Screen.SETTINGS, () -> new SettingsView(settings));
    view = new MainView(shell, screens);
    shell
        .screen()
        .addListener(
            (o, was, now) -> {
              if (now == Screen.CHARTS) {
                charts.refresh();
              } else if (now == Screen.FINDINGS && findingsStale) {
                refreshFindings();
              }
            });
  }

  /** Loads the screens; rebuilds the index first when rules or schema changed. */
  public void start() {
    long started = System.nanoTime();
    settings.load();
    // the index opens in the background; rules or schema changed since it was built: rebuild it
    TaskRunner.background()
        .run(
            () -> {
              if (services.workspace().needsRebuild()) {
                services.workspace().rebuild(p -> {});
              }
              return true;
            },
            ok -> refresh(),
            e -> refresh());
    sessions
        .loading()
        .addListener(
            new javafx.beans.value.ChangeListener<>() {
              @Override
              public void changed(
                  javafx.beans.value.ObservableValue<? extends Boolean> o,
                  Boolean was,
                  Boolean now) {
                if (!now) {
                  sessions.loading().removeListener(this); // the first list only
                  services.warmUp();
                  replay.prefetch(sessions.rows().stream().map(SessionRow::sid).limit(20).toList());
                  LOG.log(
                      Level.INFO,
                      "workstation: sessions list interactive {0} ms after the JVM started ({1} ms"
                          + " after the window), {2} rows",
                      java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime(),
                      (System.nanoTime() - started) / 1_000_000,
                      sessions.rows().size());
                }
              }
            });
  }

  private void refresh() {
    sessions.refresh();
    // the other screens read the index when they are shown: at start only the list competes
    // for the two cores a laptop may have
    findingsStale = true;
    if (shell.screen().get() == Screen.FINDINGS) {
      refreshFindings();
    }
    if (shell.screen().get() == Screen.CHARTS) {
      charts.refresh();
    }
  }

  private boolean findingsStale = true;

  private void refreshFindings() {
    findingsStale = false;
    findings.refresh();
  }

  public MainView view() {
    return view;
  }

  public ShellViewModel shell() {
    return shell;
  }

  public SessionsViewModel sessions() {
    return sessions;
  }

  public ReplayViewModel replay() {
    return replay;
  }

  public FindingsViewModel findings() {
    return findings;
  }

  public InboxViewModel inbox() {
    return inbox;
  }

  public SignIn signIn() {
    return signIn;
  }

  /** The workstation's keyboard shortcuts, on its scene. */
  public void installShortcuts(Scene scene) {
    scene.addEventFilter(
        KeyEvent.KEY_PRESSED,
        e -> {
          boolean typing = scene.getFocusOwner() instanceof TextInputControl;
          if (e.isShortcutDown() && e.getCode().isDigitKey()) {
            int n = e.getCode().getCode() - KeyCode.DIGIT1.getCode();
            if (n >= 0 && n < Screen.values().length) {
              shell.show(Screen.values()[n]);
              e.consume();
            }
          } else if (e.isShortcutDown() && e.getCode() == KeyCode.R) {
            shell.sync();
            e.consume();
          } else if (e.isShortcutDown() && e.getCode() == KeyCode.F) {
            shell.show(Screen.SESSIONS);
            Optional.ofNullable(scene.lookup("#search")).ifPresent(Node::requestFocus);
            e.consume();
          } else if (e.getCode() == KeyCode.F3) {
            if (e.isShiftDown()) {
              replay.previousFinding();
            } else {
              replay.nextFinding();
            }
            e.consume();
          } else if (e.getCode() == KeyCode.SPACE
              && !typing
              && shell.screen().get() == Screen.SESSIONS) {
            replay.togglePlay();
            e.consume();
          }
        });
  }

  @Override
  public void close() throws IOException {
    inbox.disconnect();
    services.close();
  }
}
