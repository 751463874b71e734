package dev.proctor.review;

import atlantafx.base.theme.PrimerLight;
import dev.proctor.index.ProctorPaths;
import dev.proctor.review.access.DesktopNotifier;
import dev.proctor.review.signin.BrowserLauncher;
import dev.proctor.review.ui.WindowLayout;
import java.io.IOException;
import java.util.Objects;
import javafx.application.Application;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The review workstation. {@code ./proctor app} starts it through {@link AppMain}; {@code --sync}
 * pulls new recordings at once and {@code --sign-in} starts the sign-in at once.
 */
public final class ReviewApp extends Application {
  private Workstation workstation;
  private WindowLayout layout;
  private Stage stage;

  @Override
  public void start(Stage stage) throws IOException {
    this.stage = stage;
    ProctorPaths paths = ProctorPaths.fromEnvironment();
    workstation = new Workstation(paths, BrowserLauncher.system(), new DesktopNotifier());
    Scene scene = scene(workstation.view());
    workstation.installShortcuts(scene);
    stage.setScene(scene);
    stage.setTitle("Proctor — review");
    layout = new WindowLayout(paths.config().resolve("window.properties"));
    layout.restore(stage, workstation.view().sessionsAndReplay(), 1400, 820);
    stage.show();
    workstation.start();
    // ./proctor demo opens the workstation synced and at the sign-in
    java.util.List<String> args = getParameters().getRaw();
    if (args.contains("--sync")) {
      workstation.shell().sync();
    }
    if (args.contains("--sign-in")) {
      workstation.shell().signIn();
    }
  }

  /** The workstation's scene around a root, in its theme (AtlantaFX Primer) and style sheet. */
  public static Scene scene(Parent root) {
    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    Scene scene = new Scene(root);
    scene
        .getStylesheets()
        .add(
            Objects.requireNonNull(ReviewApp.class.getResource("proctor.css"), "proctor.css")
                .toExternalForm());
    return scene;
  }

  @Override
  public void stop() throws IOException {
    if (workstation != null) {
      layout.save(stage, workstation.view().sessionsAndReplay());
      workstation.close();
    }
  }
}
