package dev.proctor.review.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.review.ReviewApp;
import dev.proctor.review.ui.TaskRunner;
import java.util.List;
import javafx.geometry.Orientation;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real settings view on JavaFX's headless platform. */
@ExtendWith(ApplicationExtension.class)
class SettingsViewTest {
  static final String LONG =
      "Gateway admin API: failed — HTTP 404 from http://127.0.0.1:8080/admin/v1/keys: There is"
          + " nothing at /admin/v1/keys on this port: the admin API and /metrics listen on the"
          + " gateway's admin port (proctor.admin-port, 8081 unless set otherwise), not on the"
          + " port clients call.";

  @Start
  void start(Stage stage) {
    SettingsViewModelTest.Store store =
        new SettingsViewModelTest.Store() {
          @Override
          public List<String> test(Endpoints e) {
            return List.of("S3 proctor: ok", LONG);
          }
        };
    SettingsViewModel model = new SettingsViewModel(store, TaskRunner.inline());
    model.load();
    stage.setScene(ReviewApp.scene(new SettingsView(model)));
    stage.setWidth(900);
    stage.setHeight(700);
    stage.show();
  }

  @Test
  void aLongTestResultIsWrappedToTheWidthInsteadOfRunningOffTheEdge(FxRobot robot) {
    robot.clickOn("#settings-test");
    WaitForAsyncUtils.waitForFxEvents();

    ListView<String> results = robot.lookup("#settings-results").queryListView();
    assertThat(results.getItems()).containsExactly("S3 proctor: ok", LONG);
    assertThat(
            results.lookupAll(".scroll-bar").stream()
                .map(ScrollBar.class::cast)
                .filter(bar -> bar.getOrientation() == Orientation.HORIZONTAL)
                .filter(ScrollBar::isVisible))
        .as("no horizontal scroll bar: the line wraps")
        .isEmpty();
  }
}
