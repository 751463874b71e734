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
   */
  static BrowserLauncher system() {
    return uri -> {
      String command = System.getenv("BROWSER");
      if (command != null && !command.isBlank()) {
        new ProcessBuilder(command.strip(), uri.toString()).inheritIO().start();
      } else if (java.awt.Desktop.isDesktopSupported()
          && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
        java.awt.Desktop.getDesktop().browse(uri);
      } else {
        new ProcessBuilder("xdg-open", uri.toString()).inheritIO().start();
      }
    };
  }
}
