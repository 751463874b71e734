package dev.proctor.review.access;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An operating-system notification: {@code notify-send} (freedesktop notifications) where it is
 * installed, else the system tray's message where AWT has one, else a log line.
 */
public final class DesktopNotifier implements Notifier {
  private static final System.Logger LOG = System.getLogger(DesktopNotifier.class.getName());

  @Override
  public void notify(String title, String message) {
    if (onPath("notify-send")) {
      try {
        new ProcessBuilder(List.of("notify-send", "--app-name=Proctor", title, message))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
        return;
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "notify-send failed: {0}", e.getMessage());
      }
    }
    if (!java.awt.GraphicsEnvironment.isHeadless() && java.awt.SystemTray.isSupported()) {
      try {
        java.awt.SystemTray tray = java.awt.SystemTray.getSystemTray();
        java.awt.TrayIcon icon =
            new java.awt.TrayIcon(
                new java.awt.image.BufferedImage(
                    16, 16, java.awt.image.BufferedImage.TYPE_INT_ARGB),
                "Proctor");
        tray.add(icon);
        icon.displayMessage(title, message, java.awt.TrayIcon.MessageType.INFO);
        return;
      } catch (java.awt.AWTException | RuntimeException e) {
        LOG.log(Level.DEBUG, "system tray unavailable: {0}", e.getMessage());
      }
    }
    LOG.log(Level.INFO, "{0}: {1}", title, message);
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
