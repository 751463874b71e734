package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.proctor.index.ProctorPaths;
import dev.proctor.review.ReviewApp;
import dev.proctor.review.ShellViewModel.Screen;
import dev.proctor.review.Workstation;
import dev.proctor.review.access.RequestRow;
import dev.proctor.review.findings.FindingRow;
import dev.proctor.review.replay.Bubble;
import dev.proctor.review.replay.Speed;
import dev.proctor.review.sessions.SessionRow;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The workstation's main flows, headless (JavaFX's headless platform), against a running dev stack:
 * real gateway, S3 (s3proxy), identity provider (mock-oauth2-server) and model simulator. The
 * "browser" of the sign-in is an HTTP client that picks a user on the dev IdP's page.
 */
@ExtendWith(ApplicationExtension.class)
class WorkstationFlowsTest {
  @TempDir static Path dir;
  static DevStack stack;
  static ProctorPaths paths;
  static final List<String> notifications = new CopyOnWriteArrayList<>();
  static volatile String browserUser = "bob";

  Stage stage;
  Workstation workstation;

  @BeforeAll
  static void startStack() throws Exception {
    Approvals.writePolicy(dir.resolve("stack"), "30s");
    stack = DevStack.start(DevStack.Options.ephemeral(dir.resolve("stack")));
    paths = new ProctorPaths(dir.resolve("config"), dir.resolve("data"));
    stack.info().write(paths.devStackFile());
  }

  @AfterAll
  static void stopStack() throws Exception {
    stack.close();
  }

  @Start
  void start(Stage stage) throws Exception {
    this.stage = stage;
    open();
  }

  private void open() throws Exception {
    workstation =
        new Workstation(
            paths,
            WorkstationFlowsTest::signInAs,
            (title, message) -> notifications.add(title + ": " + message));
    stage.setScene(ReviewApp.scene(workstation.view()));
    workstation.installShortcuts(stage.getScene());
    stage.setWidth(1300);
    stage.setHeight(800);
    stage.show();
    workstation.start();
  }

  @AfterEach
  void close() throws Exception {
    WaitForAsyncUtils.asyncFx(
            () -> {
              workstation.close();
              return null;
            })
        .get();
  }

  /** The dev IdP's sign-in page, as a person would use it: pick {@link #browserUser}. */
  private static void signInAs(URI authorize) {
    CompletableFuture.runAsync(
        () -> {
          try {
            DevSignIn.signIn(authorize, browserUser);
          } catch (Exception | AssertionError e) {
            browserFailure = e;
          }
        });
  }

  static volatile Throwable browserFailure;

  private void await(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      WaitForAsyncUtils.waitForFxEvents();
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "timed out waiting for: "
            + what
            + " (the window says: "
            + workstation.shell().status().get()
            + ")");
  }

  private void syncUntil(FxRobot robot, String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      robot.clickOn("#sync");
      await("the sync to end", () -> !workstation.shell().syncing().get());
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(300); // the gateway uploads a closed session's manifest a moment later
    }
    throw new AssertionError("never synced: " + what + "; " + workstation.shell().status().get());
  }

  private static String streamedChat(String user, String prompt, String reply) throws Exception {
    HttpResponse<String> r =
        Approvals.HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(stack.info().connections().get(0).baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + stack.idp().token(user, 600))
                .header("Content-Type", "application/json")
                .header("x-sim-reply", reply)
                .header("x-sim-delay-ms", "150") // a 2.4 s stream: a stalled frame cannot skip it
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"sim-1\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                            + "\"content\":\""
                            + prompt
                            + "\"}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  private String assistantText() {
    return workstation.replay().bubbles().stream()
        .filter(b -> b.kind().equals("assistant"))
        .map(Bubble::plain)
        .reduce("", (a, b) -> b);
  }

  @Test
  void aSessionIsFoundByAWordOfItsPromptAndReplayedAtItsRecordedPace(FxRobot robot)
      throws Exception {
    String reply = "The pelican config lives in settings yaml under the fjord key and nowhere else";
    streamedChat("alice", "where is the pelicanfjord config", reply);
    syncUntil(robot, "alice's session", () -> !workstation.sessions().rows().isEmpty());

    robot.clickOn("#search").write("pelicanfjord").type(KeyCode.ENTER);
    ListView<SessionRow> sessions = robot.lookup("#sessions").queryListView();
    await("one session found", () -> sessions.getItems().size() == 1);
    assertThat(sessions.getItems().getFirst().user()).isEqualTo("alice");

    robot.clickOn(".session-head");
    await("the replay", () -> assistantText().equals(reply));

    robot.clickOn("#play");
    await("playback", () -> workstation.replay().playing().get());
    await(
        "the answer part-way streamed",
        () ->
            !assistantText().isEmpty()
                && reply.startsWith(assistantText())
                && !assistantText().equals(reply));
    String partial = assistantText();
    await("more of the answer", () -> assistantText().length() > partial.length());

    robot.clickOn("#speed").clickOn(Speed.INSTANT.toString());
    await("the whole answer at once", () -> assistantText().equals(reply));
    assertThat(workstation.replay().playing().get()).isFalse();
  }

  @Test
  void aFindingMarkedConfirmedIsStillConfirmedAfterARestart(FxRobot robot) throws Exception {
    String key = "AKIAQ3ZTK7LBXW2M5RPD";
    streamedChat("alice", "deploy with " + key + " tonight", "Deploying now");
    robot.clickOn("#nav-findings");
    syncUntil(robot, "the finding", () -> !workstation.findings().rows().isEmpty());

    TableView<FindingRow> table = robot.lookup("#findings-table").queryTableView();
    FindingRow row =
        table.getItems().stream()
            .filter(r -> r.rule().equals("aws-access-key-id"))
            .findFirst()
            .orElseThrow();
    assertThat(row.handling()).as("the gateway masked it").isEqualTo("masked");
    assertThat(row.status()).isEqualTo("untriaged");
    robot.interact(() -> table.getSelectionModel().select(row));
    robot.clickOn("#triage-note").write("INC-7 key rotated by ops");
    robot.clickOn("#triage-confirmed-leak");
    await(
        "the status in the table",
        () ->
            workstation.findings().rows().stream()
                .anyMatch(r -> r.sid().equals(row.sid()) && r.status().equals("confirmed-leak")));

    robot.clickOn("#exposure-candidate").write(key).type(KeyCode.ENTER);
    await("the key's exposure", () -> !workstation.findings().exposures().isEmpty());
    assertThat(robot.lookup("#exposure-status").queryAs(Label.class).getText())
        .isEqualTo("Exposed: found in 1 message.");
    robot.doubleClickOn(robot.lookup("#exposures .list-cell").nth(0).queryAs(Node.class));
    await("its session in the replay", () -> row.sid().equals(workstation.replay().sid().get()));

    robot.interact(
        () -> {
          try {
            workstation.close();
            open();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    robot.clickOn("#nav-findings");
    await(
        "the status after the restart",
        () ->
            workstation.findings().rows().stream()
                .anyMatch(r -> r.sid().equals(row.sid()) && r.status().equals("confirmed-leak")));
  }

  @Test
  void settingsTestEveryEndpointAndChartsCountTheSyncedSessions(FxRobot robot) throws Exception {
    streamedChat("dave", "chart me", "charted");
    syncUntil(robot, "dave's session", () -> !workstation.sessions().rows().isEmpty());

    robot.clickOn("#nav-settings");
    robot.clickOn("#settings-test");
    ListView<String> results = robot.lookup("#settings-results").queryListView();
    await("three answers", () -> results.getItems().size() == 3);
    assertThat(results.getItems())
        .allSatisfy(line -> assertThat(line).contains(": ok"))
        .anySatisfy(line -> assertThat(line).startsWith("S3 proctor: ok"))
        .anySatisfy(line -> assertThat(line).startsWith("Gateway admin API: ok"))
        .anySatisfy(line -> assertThat(line).startsWith("Identity provider: ok"));

    robot.clickOn("#nav-charts");
    javafx.scene.chart.BarChart<?, ?> connections = robot.lookup("#chart-connections").query();
    await("the chart", () -> !connections.getData().isEmpty());
    assertThat(connections.getData().getFirst().getData())
        .anySatisfy(d -> assertThat(d.getYValue()).isEqualTo("sim-openai"));

    // a user's bar on a day lists that user's sessions of that day
    javafx.scene.chart.StackedBarChart<?, ?> activity = robot.lookup("#chart-activity").query();
    var davesDay =
        activity.getData().stream()
            .filter(series -> series.getName().equals("dave"))
            .flatMap(series -> series.getData().stream())
            .filter(d -> ((Number) d.getYValue()).longValue() > 0)
            .findFirst()
            .orElseThrow();
    robot.clickOn(davesDay.getNode());
    await("dave's sessions", () -> workstation.shell().screen().get() == Screen.SESSIONS);
    assertThat(workstation.sessions().query().get())
        .isEqualTo("time:[" + davesDay.getXValue() + " TO " + davesDay.getXValue() + "]");
    await(
        "only dave's",
        () ->
            !workstation.sessions().rows().isEmpty()
                && workstation.sessions().rows().stream().allMatch(r -> r.user().equals("dave")));
  }

  @Test
  void bobApprovesCarolsPendingRequestAndHerHeldCallGoesThrough(FxRobot robot) throws Exception {
    browserUser = "bob";
    robot.clickOn("#sign-in");
    await(
        "bob signed in",
        () -> {
          if (browserFailure != null) {
            throw new AssertionError("the browser failed", browserFailure);
          }
          if (workstation.shell().status().get().startsWith("Sign")
              && !workstation.shell().status().get().startsWith("Signing")
              && !workstation.shell().status().get().startsWith("Signed in")) {
            throw new AssertionError(workstation.shell().status().get());
          }
          return workstation.shell().user().get().equals("bob");
        });
    robot.clickOn("#nav-access");
    await("the live feed", () -> workstation.inbox().connection().get().equals("live"));

    CompletableFuture<Approvals.Answer> held =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Approvals.call(
                    stack.gateway().port(),
                    stack.idp().token("carol", 600),
                    "sim-openai",
                    "on call");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    ListView<RequestRow> requests = robot.lookup("#requests").queryListView();
    await(
        "carol's pending request",
        () ->
            requests.getItems().stream()
                .anyMatch(r -> r.requester().equals("carol") && r.state().equals("pending")));
    assertThat(notifications).anyMatch(n -> n.startsWith("Access request from carol"));
    RequestRow carols =
        requests.getItems().stream()
            .filter(r -> r.requester().equals("carol"))
            .findFirst()
            .orElseThrow();
    assertThat(carols.prompt()).isEqualTo("hello");
    assertThat(carols.reason()).isEqualTo("on call");
    robot.interact(() -> requests.getSelectionModel().select(carols));
    robot.clickOn("#grant-duration").write("2h");
    robot.clickOn("#decision-reason").write("incident INC-7");
    robot.clickOn("#approve");

    Approvals.Answer answer = held.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(answer.status()).as("carol's held call went through").isEqualTo(200);
    await(
        "the approval in the inbox",
        () ->
            requests.getItems().stream()
                .anyMatch(r -> r.id().equals(carols.id()) && r.state().equals("approved")));
    assertThat(workstation.inbox().message().get()).contains("approved");
  }
}
