package dev.proctor.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.proctor.index.ProctorPaths;
import dev.proctor.index.Workspace;
import dev.proctor.index.cli.IndexCli;
import dev.proctor.review.ReviewApp;
import dev.proctor.review.sessions.SessionRow;
import dev.proctor.review.sessions.SessionsView;
import dev.proctor.review.sessions.SessionsViewModel;
import dev.proctor.review.ui.TaskRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The first end-to-end path, every part real: the official OpenAI Java SDK calls the gateway with a
 * dev IdP token, the simulator answers, the exchange is recorded to embedded S3, {@code proctor
 * sync} pulls it, {@code proctor search} finds it, {@code proctor verify} proves it, and the
 * workstation lists it.
 */
class EndToEndTest {
  @TempDir static Path dir;
  static DevStack stack;
  static ProctorPaths paths;

  @BeforeAll
  static void start() throws Exception {
    stack = DevStack.start(DevStack.Options.ephemeral(dir.resolve("stack")));
    paths = new ProctorPaths(dir.resolve("config"), dir.resolve("data"));
    stack.info().write(paths.devStackFile());
  }

  @AfterAll
  static void stop() throws Exception {
    stack.close();
  }

  @Test
  void openAiSdkCallIsRecordedSyncedSearchableAndVerified() throws Exception {
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl(stack.info().connections().getFirst().baseUrl())
            .apiKey(DevToken.fetch(stack.info().idp().tokenEndpoint(), "alice"))
            .build();

    ChatCompletion completion =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("sim-1")
                    .addUserMessage("please refactor the zanzibar module")
                    .build());
    assertThat(completion.choices().getFirst().message().content())
        .contains("You said: please refactor the zanzibar module");

    StringBuilder streamed = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream =
        client
            .chat()
            .completions()
            .createStreaming(
                ChatCompletionCreateParams.builder()
                    .model("sim-1")
                    .addUserMessage("now stream the quokka answer")
                    .build())) {
      stream.stream()
          .forEach(
              chunk ->
                  chunk.choices().forEach(c -> c.delta().content().ifPresent(streamed::append)));
    }
    assertThat(streamed.toString()).isEqualTo("You said: now stream the quokka answer");

    // The session closes after its idle timeout; its manifest is then signed and uploaded.
    awaitUploadsAfterIdle();

    assertThat(cli("sync").out()).contains("1 session indexed (1 verified, 0 open, 0 broken)");

    CliResult search = cli("search", "zanzibar");
    assertThat(search.code()).isZero();
    assertThat(search.out()).contains("alice").contains("sim-openai").contains("[zanzibar]");
    String sid = sidIn(search.out());

    CliResult quokka = cli("search", "quokka");
    assertThat(quokka.out()).contains(sid).contains("assistant");
    assertThat(cli("search", "role:user", "quokka").out())
        .containsPattern("(?m)^1 matching message$");

    CliResult verify = cli("verify", sid);
    assertThat(verify.out().strip()).isEqualTo(sid + " verified");
    assertThat(verify.code()).isZero();

    CliResult show = cli("show", sid);
    assertThat(show.out())
        .contains("user:      please refactor the zanzibar module")
        .contains("assistant: You said: now stream the quokka answer")
        .contains("integrity verified");

    workstationListsTheSession(sid);
  }

  /** The workstation's sessions screen over the synced index, on JavaFX's headless platform. */
  private static void workstationListsTheSession(String sid) throws Exception {
    FxToolkit.registerPrimaryStage();
    // opened as the CLI and the app open it: with the bucket's settings (the dev stack's
    // fingerprint key)
    try (Workspace workspace =
        Workspace.open(
            paths.indexDir(),
            Workspace.Options.of(
                java.util.Optional.of(dev.proctor.index.BucketSettings.load(paths)),
                java.util.Map.of()))) {
      SessionsViewModel model =
          new SessionsViewModel(
              new dev.proctor.review.sessions.SessionSource() {
                @Override
                public java.util.List<dev.proctor.index.search.SessionSummary> sessions(
                    dev.proctor.index.search.SearchQuery query) throws java.io.IOException {
                  return workspace.sessions(query);
                }

                @Override
                public dev.proctor.index.search.SearchResult search(
                    dev.proctor.index.search.SearchQuery query) throws java.io.IOException {
                  return workspace.search(query);
                }

                @Override
                public java.util.Map<
                        dev.proctor.index.search.Facet,
                        java.util.List<dev.proctor.index.search.SearchResult.FacetCount>>
                    sessionFacets(dev.proctor.index.search.SearchQuery query)
                        throws java.io.IOException {
                  return workspace.sessionFacets(query);
                }
              },
              TaskRunner.inline());
      FxToolkit.setupStage(
          stage -> {
            stage.setScene(ReviewApp.scene(new SessionsView(model)));
            stage.setWidth(900);
            stage.setHeight(600);
            stage.show();
          });
      FxRobot robot = new FxRobot();
      robot.interact(model::refresh);

      ListView<SessionRow> list = robot.lookup("#sessions").queryListView();
      assertThat(list.getItems())
          .singleElement()
          .satisfies(
              row -> {
                assertThat(row.sid()).isEqualTo(sid);
                assertThat(row.user()).isEqualTo("alice");
                assertThat(row.integrityLabel()).isEqualTo("verified");
                assertThat(row.detailText()).isEqualTo("please refactor the zanzibar module");
              });
      assertThat(model.facets())
          .filteredOn(g -> g.title().equals("User"))
          .singleElement()
          .satisfies(
              g ->
                  assertThat(g.options())
                      .as("one session, whatever its number of messages")
                      .containsExactly(
                          new dev.proctor.review.sessions.FacetGroup.Option("alice", 1, false)));

      robot.clickOn("#search").write("quokka").type(KeyCode.ENTER);
      WaitForAsyncUtils.waitForFxEvents();
      assertThat(list.getItems())
          .extracting(SessionRow::detailText)
          .containsExactly("user: now stream the quokka answer");
    } finally {
      FxToolkit.cleanupStages();
    }
  }

  private static void awaitUploadsAfterIdle() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (stack.gateway().recorder().openSessions() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(stack.gateway().recorder().openSessions()).as("sessions still open").isZero();
    assertThat(stack.gateway().recorder().awaitUploads(Duration.ofSeconds(20))).isTrue();
  }

  private static String sidIn(String output) {
    Matcher m = Pattern.compile("^([0-9A-HJKMNP-TV-Z]{26}) ", Pattern.MULTILINE).matcher(output);
    assertThat(m.find()).as("a session id in: %s", output).isTrue();
    return m.group(1);
  }

  record CliResult(int code, String out, String err) {}

  static CliResult cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new IndexCli(
                paths,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(args);
    return new CliResult(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
