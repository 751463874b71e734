package dev.proctor.review;

import atlantafx.base.theme.PrimerLight;
import dev.proctor.format.Transcript;
import dev.proctor.format.Verification;
import dev.proctor.index.ProctorPaths;
import dev.proctor.index.Workspace;
import dev.proctor.index.search.SearchQuery;
import dev.proctor.index.search.SearchResult;
import dev.proctor.index.search.SessionSummary;
import dev.proctor.review.replay.ReplaySource;
import dev.proctor.review.replay.ReplayViewModel;
import dev.proctor.review.sessions.SessionSource;
import dev.proctor.review.sessions.SessionsViewModel;
import dev.proctor.review.ui.TaskRunner;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The review workstation. {@code ./proctor app} starts it through {@link AppMain}. */
public final class ReviewApp extends Application {
  private Workspace workspace;

  @Override
  public void start(Stage stage) throws IOException {
    workspace =
        Workspace.open(ProctorPaths.fromEnvironment().indexDir(), Workspace.Options.defaults());
    SessionsViewModel model = new SessionsViewModel(source(workspace), TaskRunner.background());
    ReplayViewModel replay =
        new ReplayViewModel(replaySource(workspace), TaskRunner.background(), scanner());
    stage.setScene(scene(new MainView(model, replay)));
    stage.setTitle("Proctor — review");
    stage.setWidth(1400);
    stage.setHeight(720);
    stage.show();
    if (workspace.needsRebuild()) {
      // rules or schema changed since the index was built: rebuild it from the local copy
      Workspace ws = workspace;
      TaskRunner.background()
          .run(
              () -> ws.rebuild(progress -> {}),
              report -> model.refresh(),
              failure -> model.refresh());
    } else {
      model.refresh();
    }
  }

  /** The workstation's scene around a root, in its theme (AtlantaFX Primer) and style sheet. */
  public static Scene scene(javafx.scene.Parent root) {
    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    Scene scene = new Scene(root);
    scene
        .getStylesheets()
        .add(
            Objects.requireNonNull(ReviewApp.class.getResource("proctor.css"), "proctor.css")
                .toExternalForm());
    return scene;
  }

  /** Adapts the index workspace to what the sessions screen reads. */
  public static SessionSource source(Workspace workspace) {
    return new SessionSource() {
      @Override
      public List<SessionSummary> sessions(SearchQuery query) throws IOException {
        return workspace.sessions(query);
      }

      @Override
      public SearchResult search(SearchQuery query) throws IOException {
        return workspace.search(query);
      }
    };
  }

  /** Adapts the index workspace to what the replay screen reads. */
  public static ReplaySource replaySource(Workspace workspace) {
    return new ReplaySource() {
      @Override
      public Optional<Recorded> open(String sid) throws IOException {
        Optional<Transcript> transcript = workspace.transcript(sid);
        if (transcript.isEmpty()) {
          return Optional.empty();
        }
        return Optional.of(
            new Recorded(
                transcript.get(),
                workspace.verify(sid).orElse(Verification.open()),
                workspace.annotations(sid),
                workspace.rawEvents(sid)));
      }

      @Override
      public String report(String sid, String format) throws IOException {
        return workspace
            .report(sid, format)
            .orElseThrow(() -> new IOException("session " + sid + " is not in the local copy"));
      }
    };
  }

  /** The shared scanner with the built-in rules, to mark secrets the gateway let through. */
  public static dev.proctor.secrets.SecretScanner scanner() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key); // fingerprints are not shown here
    return new dev.proctor.secrets.SecretScanner(
        dev.proctor.secrets.RuleSet.builtIn(), new dev.proctor.secrets.Fingerprinter(key));
  }

  @Override
  public void stop() throws IOException {
    if (workspace != null) {
      workspace.close();
    }
  }
}
