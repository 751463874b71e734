package dev.proctor.review.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javafx.scene.control.SplitPane;
import javafx.stage.Stage;

/**
 * Remembers where the window was, how big, and where the sessions/replay divider sat, in {@code
 * <config>/window.properties}.
 */
public final class WindowLayout {
  private final Path file;

  public WindowLayout(Path file) {
    this.file = file;
  }

  /** Puts the window back where it was; the given size when nothing was saved. */
  public void restore(Stage stage, SplitPane split, double width, double height) {
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      } catch (IOException | IllegalArgumentException e) {
        p.clear(); // a damaged file: start over
      }
    }
    stage.setWidth(number(p, "width", width));
    stage.setHeight(number(p, "height", height));
    if (p.containsKey("x") && p.containsKey("y")) {
      stage.setX(number(p, "x", 0));
      stage.setY(number(p, "y", 0));
    }
    stage.setMaximized(Boolean.parseBoolean(p.getProperty("maximized", "false")));
    if (split != null) {
      split.setDividerPositions(number(p, "divider", 0.5));
    }
  }

  public void save(Stage stage, SplitPane split) throws IOException {
    Properties p = new Properties();
    p.setProperty("x", Double.toString(stage.getX()));
    p.setProperty("y", Double.toString(stage.getY()));
    p.setProperty("width", Double.toString(stage.getWidth()));
    p.setProperty("height", Double.toString(stage.getHeight()));
    p.setProperty("maximized", Boolean.toString(stage.isMaximized()));
    if (split != null && split.getDividers().size() == 1) {
      p.setProperty("divider", Double.toString(split.getDividerPositions()[0]));
    }
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      p.store(out, "Proctor workstation window");
    }
  }

  private static double number(Properties p, String key, double fallback) {
    try {
      double v = Double.parseDouble(p.getProperty(key, Double.toString(fallback)));
      return Double.isFinite(v) ? v : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
