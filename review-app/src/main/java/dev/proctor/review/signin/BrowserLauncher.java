package dev.proctor.review.signin;

import java.io.IOException;
import java.net.URI;

/** Opens the IdP's sign-in page. */
@FunctionalInterface
public interface BrowserLauncher {
  void open(URI uri) throws IOException;

  /**
   * The system browser: the command in {@code $BROWSER} when set (the common convention), else
   * AWT's desktop integration, else {@code xdg-open}.
   *
   * <p>{@code $BROWSER} may hold arguments, split at spaces; {@code %s} stands for the address,
   * which is appended when there is none.
   */
  static BrowserLauncher system() {
    return uri -> {
      String command = System.getenv("BROWSER");
      if (command != null && !command.isBlank()) {
        new ProcessBuilder(command(command, uri)).inheritIO().start();
      } else if (java.awt.Desktop.isDesktopSupported()
          && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
        java.awt.Desktop.getDesktop().browse(uri);
      } else {
        new ProcessBuilder("xdg-open", uri.toString()).inheritIO().start();
      }
    };
  }

  /** The command line of {@code $BROWSER} for an address. */
  static java.util.List<String> command(String browser, URI uri) {
    java.util.List<String> words =
        new java.util.ArrayList<>(java.util.List.of(browser.strip().split("\\s+")));
    if (words.contains("%s")) {
      words.replaceAll(w -> w.equals("%s") ? uri.toString() : w);
    } else {
      words.add(uri.toString());
    }
    return words;
  }
}
