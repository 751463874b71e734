package dev.proctor.review;

import javafx.application.Application;

/** {@code ./proctor app}: a plain main class, so JavaFX starts from the class path. */
public final class AppMain {
  private AppMain() {}

  public static void main(String[] args) {
    AppServices.openEarly(dev.proctor.index.ProctorPaths.fromEnvironment());
    Application.launch(ReviewApp.class, args);
  }
}
