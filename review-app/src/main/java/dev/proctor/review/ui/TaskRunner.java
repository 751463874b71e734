package dev.proctor.review.ui;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs work off the FX thread and hands the result back on it. ViewModels depend on this, never on
 * threads, so tests can run everything inline ({@link #inline()}).
 */
public interface TaskRunner {
  <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Exception> onFailure);

  /** Runs work on a virtual thread and delivers results with {@code Platform.runLater}. */
  static TaskRunner background() {
    return new TaskRunner() {
      @Override
      public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Exception> onFailure) {
        Thread.ofVirtual()
            .name("proctor-ui-task")
            .start(
                () -> {
                  try {
                    T result = work.call();
                    javafx.application.Platform.runLater(() -> onSuccess.accept(result));
                  } catch (Exception e) {
                    javafx.application.Platform.runLater(() -> onFailure.accept(e));
                  }
                });
      }
    };
  }

  /** Runs work on the calling thread; for tests. */
  static TaskRunner inline() {
    return new TaskRunner() {
      @Override
      public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Exception> onFailure) {
        T result;
        try {
          result = work.call();
        } catch (Exception e) {
          onFailure.accept(e);
          return;
        }
        onSuccess.accept(result);
      }
    };
  }
}
