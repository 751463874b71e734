package dev.proctor.review.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.review.ReviewApp;
import dev.proctor.review.ui.TaskRunner;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real sessions view on JavaFX's headless platform, driven like a user would. */
@ExtendWith(ApplicationExtension.class)
class SessionsViewTest {
  private SessionsViewModel model;

  @Start
  void start(Stage stage) {
    model = new SessionsViewModel(new FakeSessionSource(), TaskRunner.inline());
    stage.setScene(ReviewApp.scene(new SessionsView(model)));
    stage.setWidth(900);
    stage.setHeight(600);
    stage.show();
    model.refresh();
  }

  @Test
  void findsSessionsByATypedWordAndNarrowsThemWithAFacet(FxRobot robot) {
    ListView<SessionRow> list = robot.lookup("#sessions").queryListView();
    assertThat(list.getItems()).hasSize(2);

    robot.clickOn("#search").write("refactor").type(javafx.scene.input.KeyCode.ENTER);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(list.getItems()).extracting(SessionRow::user).containsExactly("alice");
    assertThat(robot.lookup("#status").queryAs(Label.class).getText())
        .isEqualTo("2 matching messages in 1 session");
    assertThat(robot.lookup(".badge-verified").tryQuery()).isPresent();
    assertThat(robot.lookup(".hit").tryQuery()).as("the match is highlighted").isPresent();

    robot
        .doubleClickOn("#search")
        .eraseText(8)
        .write("zanzibar")
        .type(javafx.scene.input.KeyCode.ENTER);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(list.getItems()).hasSize(2);
    robot.clickOn("#facet-user-carol");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(list.getItems()).extracting(SessionRow::user).containsExactly("carol");
    assertThat(robot.lookup(".badge-finding").tryQuery()).isPresent();
  }

  @Test
  void aQueryErrorLongerThanTheStatusLineIsWholeInItsTooltip(FxRobot robot) {
    robot.clickOn("#search").write("(unbalanced").type(javafx.scene.input.KeyCode.ENTER);
    WaitForAsyncUtils.waitForFxEvents();
    Label status = robot.lookup("#status").queryAs(Label.class);
    assertThat(status.getText()).startsWith("That query is not valid: ");
    assertThat(status.getTooltip().getText()).isEqualTo(status.getText());
  }
}
