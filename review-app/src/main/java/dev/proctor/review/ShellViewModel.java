package dev.proctor.review;

import dev.proctor.review.signin.SignIn;
import dev.proctor.review.ui.TaskRunner;
import java.util.concurrent.Callable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The window around the screens: which screen shows, who is signed in, and syncing from the bucket.
 */
public final class ShellViewModel {
  /** The screens, in the order of the navigation rail (Ctrl+1 … Ctrl+5). */
  public enum Screen {
    SESSIONS,
    FINDINGS,
    ACCESS,
    CHARTS,
    SETTINGS
  }

  private final SignIn signIn;
  private final Callable<String> sync;
  private final TaskRunner tasks;
  private final Runnable afterSync;
  private final Runnable afterSignIn;
  private final ObjectProperty<Screen> screen = new SimpleObjectProperty<>(Screen.SESSIONS);
  private final ReadOnlyStringWrapper user = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper syncing = new ReadOnlyBooleanWrapper(false);

  /**
   * @param sync syncs from the bucket; what happened, in a line
   * @param afterSync refreshes the screens
   * @param afterSignIn (re)connects what needs the signed-in user
   */
  public ShellViewModel(
      SignIn signIn,
      Callable<String> sync,
      TaskRunner tasks,
      Runnable afterSync,
      Runnable afterSignIn) {
    this.signIn = signIn;
    this.sync = sync;
    this.tasks = tasks;
    this.afterSync = afterSync;
    this.afterSignIn = afterSignIn;
  }

  public ObjectProperty<Screen> screen() {
    return screen;
  }

  /** The signed-in user, or empty. */
  public ReadOnlyStringProperty user() {
    return user.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty status() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty syncing() {
    return syncing.getReadOnlyProperty();
  }

  public void signIn() {
    status.set("Signing in: finish in the browser…");
    tasks.run(
        signIn::signIn,
        name -> {
          user.set(name);
          status.set("Signed in as " + name + ".");
          afterSignIn.run();
        },
        e -> status.set(e.getMessage()));
  }

  public void signOut() {
    signIn.signOut();
    user.set("");
    status.set("Signed out.");
    afterSignIn.run();
  }

  public void sync() {
    if (syncing.get()) {
      return;
    }
    syncing.set(true);
    status.set("Syncing…");
    tasks.run(
        sync,
        line -> {
          syncing.set(false);
          status.set(line);
          afterSync.run();
        },
        e -> {
          syncing.set(false);
          status.set("Sync failed: " + e.getMessage());
        });
  }

  public void show(Screen s) {
    screen.set(s);
  }
}
