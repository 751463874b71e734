package dev.proctor.review;

import dev.proctor.review.replay.ReplayView;
import dev.proctor.review.replay.ReplayViewModel;
import dev.proctor.review.sessions.SessionsView;
import dev.proctor.review.sessions.SessionsViewModel;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;

/** The main window: the sessions screen, and the replay of the session selected in it. */
public final class MainView extends BorderPane {

  public MainView(SessionsViewModel sessions, ReplayViewModel replay) {
    SplitPane split = new SplitPane(new SessionsView(sessions), new ReplayView(replay));
    split.setDividerPositions(0.58);
    sessions
        .selected()
        .addListener(
            (o, was, sid) -> {
              if (sid != null && !sid.isEmpty()) {
                replay.open(sid);
              }
            });
    setCenter(split);
  }
}
