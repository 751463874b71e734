package dev.proctor.review.signin;

import java.io.IOException;
import java.net.URI;

/** Opens the IdP's sign-in page. */
@FunctionalInterface
public interface BrowserLauncher {
  void open(URI uri) throws IOException;

  /** The system browser: AWT's desktop integration, else {@code xdg-open}. */
  static BrowserLauncher system() {
    return uri -> {
      if (java.awt.Desktop.isDesktopSupported()
          && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
        java.awt.Desktop.getDesktop().browse(uri);
      } else {
        new ProcessBuilder("xdg-open", uri.toString()).inheritIO().start();
      }
    };
  }
}
