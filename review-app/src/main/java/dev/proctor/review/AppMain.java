package dev.proctor.review;

import java.io.IOException;
import java.io.InputStream;
import java.util.logging.LogManager;
import javafx.application.Application;

/** {@code ./proctor app}: a plain main class, so JavaFX starts from the class path. */
public final class AppMain {
  private AppMain() {}

  public static void main(String[] args) {
    try (InputStream logging = AppMain.class.getResourceAsStream("logging.properties")) {
      LogManager.getLogManager().readConfiguration(logging);
    } catch (IOException e) {
      System.err.println("proctor app: default logging (" + e.getMessage() + ")");
    }
    AppServices.openEarly(dev.proctor.index.ProctorPaths.fromEnvironment());
    Application.launch(ReviewApp.class, args);
  }
}
