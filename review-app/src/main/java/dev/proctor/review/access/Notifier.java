package dev.proctor.review.access;

/** Tells the person at the desk that something needs them, outside the window. */
@FunctionalInterface
public interface Notifier {
  void notify(String title, String message);
}
