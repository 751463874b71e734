package dev.proctor.review.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proctor.format.ApiKind;
import dev.proctor.format.Event;
import dev.proctor.format.EventChain;
import dev.proctor.format.ExchangeChunk;
import dev.proctor.format.ExchangeEnd;
import dev.proctor.format.ExchangeRequest;
import dev.proctor.format.ExchangeResponse;
import dev.proctor.format.Json;
import dev.proctor.format.Outcome;
import dev.proctor.format.RecordLevel;
import dev.proctor.format.SessionOpen;
import dev.proctor.format.Transcript;
import dev.proctor.format.Ulid;
import dev.proctor.format.Verification;
import dev.proctor.review.ui.TaskRunner;
import dev.proctor.secrets.Fingerprinter;
import dev.proctor.secrets.RuleSet;
import dev.proctor.secrets.SecretScanner;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayViewModelTest {
  static final Instant T0 = Instant.parse("2026-11-20T10:15:30Z");
  static final String LEAKED_KEY = "AKIAQ3ZTK7LBXW2M5RPD";
  static final SecretScanner SCANNER =
      new SecretScanner(
          RuleSet.builtIn(),
          new Fingerprinter("a fingerprint key of 32 bytes!!!".getBytes(StandardCharsets.UTF_8)));

  /**
   * Carol's session: a plain call at 1 s whose prompt the gateway masked, then at 10 s a streamed
   * one whose three events arrive 100, 600 and 1100 ms after its response head (at 10.05 s), the
   * last carrying an AWS key that went through.
   */
  static Transcript session() {
    return Transcript.of(sessionEvents());
  }

  static List<Event> sessionEvents() {
    EventChain chain = EventChain.start(Ulid.at(T0));
    List<Event> events = new ArrayList<>();
    events.add(
        chain
            .append(
                T0,
                Optional.empty(),
                new SessionOpen(
                    new SessionOpen.Identity(
                        "iss", "carol", Optional.empty(), Optional.empty(), List.of(), Map.of()),
                    new SessionOpen.Client("test", Map.of(), "127.0.0.1"),
                    "sim-openai",
                    Map.of(),
                    "default",
                    RecordLevel.FULL))
            .event());
    Optional<String> x1 = Optional.of(Ulid.at(T0.plusSeconds(1)));
    events.add(
        chain
            .append(
                T0.plusSeconds(1),
                x1,
                request("deploy with [MASKED:aws-access-key-id:0a1b2c3d]", false))
            .event());
    events.add(
        chain.append(T0.plusSeconds(1), x1, new ExchangeResponse(200, Map.of(), 80)).event());
    ObjectNode answer = Json.mapper().createObjectNode();
    answer
        .putArray("choices")
        .addObject()
        .putObject("message")
        .put("content", "Done:\n\n```java\nint x = 1; // set\n```");
    events.add(
        chain
            .append(
                T0.plusSeconds(2),
                x1,
                new ExchangeEnd(
                    Outcome.COMPLETED,
                    412.4,
                    100,
                    40,
                    Optional.of(new ExchangeEnd.Usage(12, 3)),
                    Optional.of(answer),
                    List.of(),
                    Optional.empty()))
            .event());
    Optional<String> x2 = Optional.of(Ulid.at(T0.plusSeconds(10)));
    events.add(chain.append(T0.plusSeconds(10), x2, request("and now?", true)).event());
    events.add(
        chain.append(T0.plusSeconds(10), x2, new ExchangeResponse(200, Map.of(), 50)).event());
    String[] parts = {"Streaming ", "the answer ", "with " + LEAKED_KEY};
    for (int i = 0; i < parts.length; i++) {
      events.add(
          chain
              .append(
                  T0.plusSeconds(11),
                  x2,
                  new ExchangeChunk(
                      100 + 500 * i,
                      Optional.empty(),
                      "{\"choices\":[{\"delta\":{\"content\":\"" + parts[i] + "\"}}]}"))
              .event());
    }
    events.add(
        chain
            .append(
                T0.plusSeconds(12),
                x2,
                new ExchangeEnd(
                    Outcome.COMPLETED,
                    1300,
                    50,
                    300,
                    Optional.empty(),
                    Optional.empty(),
                    List.of(),
                    Optional.empty()))
            .event());
    return events;
  }

  @Test
  void aCallThatIsNotAModelCallIsHeadedWithWhatItWas() {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("model", "sim-1");
    body.putArray("messages").addObject().put("role", "user").put("content", "count this");
    Transcript.Exchange counted =
        new Transcript.Exchange(
            "x",
            T0,
            new ExchangeRequest(
                "POST",
                "/v1/messages/count_tokens",
                ApiKind.RAW,
                Optional.of("sim-1"),
                false,
                Map.of(),
                Optional.of(body),
                List.of()),
            Optional.of(new ExchangeResponse(200, Map.of(), 5)),
            List.of(),
            Optional.of(
                new ExchangeEnd(
                    Outcome.COMPLETED,
                    7.2,
                    90,
                    18,
                    Optional.empty(),
                    Optional.empty(),
                    List.of(),
                    Optional.empty())));
    assertThat(ExchangeTrack.header(counted))
        .isEqualTo(
            "2026-11-20 10:15:30 · raw POST /v1/messages/count_tokens · sim-1 · HTTP 200 ·"
                + " completed · 7 ms");
  }

  private static ExchangeRequest request(String prompt, boolean stream) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("model", "sim-1");
    body.putArray("messages").addObject().put("role", "user").put("content", prompt);
    return new ExchangeRequest(
        "POST",
        "/v1/chat/completions",
        ApiKind.OPENAI_CHAT,
        Optional.of("sim-1"),
        stream,
        Map.of(),
        Optional.of(body),
        List.of());
  }

  static ReplaySource source(Transcript t) {
    return new ReplaySource() {
      @Override
      public Optional<Recorded> open(String sid) {
        return Optional.of(
            new Recorded(
                t, Verification.broken("segment x is missing"), List.of(), List.of("{\"seq\":0}")));
      }

      @Override
      public Optional<Transcript> head(String sid) {
        return Optional.empty();
      }

      @Override
      public String report(String sid, String format) {
        return "report of " + sid + " as " + format;
      }
    };
  }

  private static ReplayViewModel opened(Transcript t) {
    ReplayViewModel model = new ReplayViewModel(source(t), TaskRunner.inline(), () -> SCANNER);
    model.open(t.sid());
    return model;
  }

  private static String assistantText(ReplayViewModel model) {
    return model.bubbles().stream()
        .filter(b -> b.kind().equals("assistant"))
        .reduce((a, b) -> b)
        .map(Bubble::plain)
        .orElse("");
  }

  @Test
  void aSessionOpensWholeWithExchangeFactsMarkdownAndSecretsMarked() {
    Transcript t = session();
    ReplayViewModel model = opened(t);

    assertThat(model.title().get())
        .isEqualTo("carol · sim-openai · 2026-11-20 10:15:30 UTC · " + t.sid());
    assertThat(model.integrity().get()).isEqualTo("broken");
    assertThat(model.integrityDetail().get()).isEqualTo("broken: segment x is missing");
    assertThat(model.bubbles())
        .extracting(Bubble::kind)
        .containsExactly("exchange", "user", "assistant", "exchange", "user", "assistant");
    assertThat(model.bubbles().get(0).label())
        .isEqualTo(
            "2026-11-20 10:15:31 · openai.chat · sim-1 · HTTP 200 · completed · 412 ms · 12 → 3 tokens");

    Span masked =
        model.bubbles().get(1).blocks().getFirst().spans().stream()
            .filter(s -> s.style() == Span.Style.MASKED)
            .findFirst()
            .orElseThrow();
    assertThat(masked.text()).isEqualTo("[MASKED:aws-access-key-id:0a1b2c3d]");
    assertThat(masked.note()).startsWith("Masked by the gateway: ").contains("aws-access-key-id");

    List<Block> answer = model.bubbles().get(2).blocks();
    assertThat(answer)
        .extracting(Block::kind)
        .containsExactly(Block.Kind.PARAGRAPH, Block.Kind.CODE);
    assertThat(answer.get(1).language()).isEqualTo("java");
    assertThat(answer.get(1).spans())
        .contains(Span.of("int", Span.Style.KEYWORD), Span.of("// set", Span.Style.COMMENT));

    Span leaked =
        model.bubbles().get(5).blocks().getFirst().spans().stream()
            .filter(s -> s.style() == Span.Style.LEAKED)
            .findFirst()
            .orElseThrow();
    assertThat(leaked.text()).isEqualTo(LEAKED_KEY);
    assertThat(leaked.note()).startsWith("Not masked — went through: ");
    assertThat(model.rawEvents()).containsExactly("{\"seq\":0}");
    assertThat(model.duration().get()).isEqualTo(11_300); // 10 s + 1300 ms
    assertThat(model.clock().get()).isEqualTo("0:11 / 0:11");
    assertThat(model.status().get()).startsWith("4 messages in 2 exchanges · opened in ");
  }

  @Test
  void theStatusCountsOneExchangeInTheSingular() {
    ReplayViewModel model = opened(Transcript.of(sessionEvents().subList(0, 4)));

    assertThat(model.status().get()).startsWith("2 messages in 1 exchange · opened in ");
  }

  @Test
  void theClockOfASessionShorterThanTenSecondsShowsTenths() {
    ReplayViewModel model = opened(Transcript.of(sessionEvents().subList(0, 4)));
    long ms = 1_000_000;

    assertThat(model.clock().get()).isEqualTo("0:01.4 / 0:01.4"); // 1 s, then 412 ms
    model.play();
    model.tick(0);
    model.tick(1_250 * ms);
    assertThat(model.clock().get()).isEqualTo("0:01.2 / 0:01.4");
  }

  @Test
  void theClockOfASessionShorterThanASecondShowsMilliseconds() {
    // the first exchange alone, timed from its request: 412 ms
    ReplayViewModel model = opened(Transcript.of(sessionEvents().subList(1, 4)));

    assertThat(model.clock().get()).isEqualTo("412 ms / 412 ms");
  }

  @Test
  void playbackShowsStreamedTextAsItArrivedAndInstantShowsItAll() {
    ReplayViewModel model = opened(session());
    long ms = 1_000_000;

    model.play();
    assertThat(model.playing().get()).isTrue();
    assertThat(model.position().get()).as("from the start").isZero();
    model.tick(0);
    model.tick(500 * ms);
    assertThat(model.bubbles()).as("nothing before the first request (1 s)").isEmpty();
    model.tick(1_200 * ms);
    assertThat(model.bubbles()).extracting(Bubble::kind).containsExactly("exchange", "user");
    model.tick(1_500 * ms); // its answer came 412 ms after the request
    assertThat(model.bubbles())
        .extracting(Bubble::kind)
        .containsExactly("exchange", "user", "assistant");

    // the 8 s of silence before the second call is cut to 2 s
    model.tick(2_500 * ms);
    assertThat(model.position().get()).isEqualTo(8_000);
    model.tick(4_500 * ms); // 10.0 s: the second request
    assertThat(model.bubbles()).hasSize(5);
    model.tick(4_700 * ms); // 10.2 s: the first event (10.05 + 0.1)
    assertThat(assistantText(model)).isEqualTo("Streaming ");
    model.tick(5_200 * ms); // 10.7 s: the second
    assertThat(assistantText(model)).isEqualTo("Streaming the answer ");
    assertThat(model.playing().get()).isTrue();

    model.speed().set(Speed.INSTANT);
    assertThat(model.playing().get()).isFalse();
    assertThat(assistantText(model)).isEqualTo("Streaming the answer with " + LEAKED_KEY);
    assertThat(model.bubbles()).hasSize(6);
  }

  @Test
  void fasterSpeedsCoverMoreOfTheRecordingPerRealSecond() {
    ReplayViewModel model = opened(session());
    model.speed().set(Speed.X20);
    model.play();
    model.tick(0);
    model.tick(100_000_000L); // 100 ms at 20×
    assertThat(model.position().get()).isEqualTo(2_000);
    model.tick(1_000_000_000L); // 900 ms more: 18 s of recording, past the end
    assertThat(model.position().get()).isEqualTo(model.duration().get());
    assertThat(model.playing().get()).as("stops at the end").isFalse();
  }

  @Test
  void theScrubberSetsWhatShowsAndFindingsAreJumpedTo() {
    ReplayViewModel model = opened(session());
    model.position().set(10_700);
    assertThat(assistantText(model)).isEqualTo("Streaming the answer ");

    model.position().set(0);
    model.nextFinding();
    assertThat(model.position().get()).as("the masked prompt").isEqualTo(1_000);
    assertThat(model.focus().get()).isEqualTo(1);
    model.nextFinding();
    assertThat(model.position().get()).as("the leaked answer, once whole").isEqualTo(11_300);
    assertThat(model.focus().get()).isEqualTo(5);
    model.nextFinding();
    assertThat(model.status().get()).isEqualTo("No finding after this point.");
    model.previousFinding();
    assertThat(model.position().get()).isEqualTo(1_000);
  }

  @Test
  void toolCallsFoldAndUnfold() {
    ReplayViewModel model = opened(session());
    String id = model.bubbles().get(2).id();
    assertThat(model.expanded()).isEmpty();
    model.toggle(id);
    assertThat(model.expanded()).containsExactly(id);
    model.toggle(id);
    assertThat(model.expanded()).isEmpty();
  }

  @Test
  void theReportIsExportedToTheChosenFile(@TempDir Path dir) throws Exception {
    Transcript t = session();
    ReplayViewModel model = opened(t);
    File file = dir.resolve("report.md").toFile();
    model.export(file, "md");
    assertThat(Files.readString(file.toPath())).isEqualTo("report of " + t.sid() + " as md");
    assertThat(model.status().get()).isEqualTo("Report written to " + file);
  }

  @Test
  void aLongSessionShowsItsStartWhileTheRestIsReadThenAllOfItInPlace() {
    List<Event> events = sessionEvents();
    Transcript whole = Transcript.of(events);
    // the start: the session's first exchange, as its first stored segment would hold it
    Transcript start = Transcript.of(events.subList(0, 4));
    List<Runnable> pending = new ArrayList<>();
    TaskRunner deferred =
        new TaskRunner() {
          @Override
          public <T> void run(
              java.util.concurrent.Callable<T> work,
              java.util.function.Consumer<T> onSuccess,
              java.util.function.Consumer<Exception> onFailure) {
            pending.add(() -> TaskRunner.inline().run(work, onSuccess, onFailure));
          }
        };
    ReplaySource source = source(whole);
    ReplayViewModel model =
        new ReplayViewModel(
            new ReplaySource() {
              @Override
              public Optional<Recorded> open(String sid) throws java.io.IOException {
                return source.open(sid);
              }

              @Override
              public Optional<Transcript> head(String sid) {
                return Optional.of(start);
              }

              @Override
              public String report(String sid, String format) {
                return "";
              }
            },
            deferred,
            () -> SCANNER);

    model.open(whole.sid());
    assertThat(pending).hasSize(2);
    pending.get(0).run(); // the start arrives first
    assertThat(model.bubbles())
        .extracting(Bubble::kind)
        .containsExactly("exchange", "user", "assistant");
    assertThat(model.integrity().get()).as("not verified yet").isEmpty();
    assertThat(model.status().get()).startsWith("First 3 lines in ").endsWith("reading the rest…");
    Bubble first = model.bubbles().get(1);

    pending.get(1).run(); // then the whole, verified
    assertThat(model.bubbles()).hasSize(6);
    assertThat(model.bubbles().get(1)).as("what was on screen stays").isSameAs(first);
    assertThat(model.integrity().get()).isEqualTo("broken");
  }

  @Test
  void aSessionNotSyncedSaysSo() {
    ReplayViewModel model =
        new ReplayViewModel(
            new ReplaySource() {
              @Override
              public Optional<Recorded> open(String sid) {
                return Optional.empty();
              }

              @Override
              public Optional<Transcript> head(String sid) {
                return Optional.empty();
              }

              @Override
              public String report(String sid, String format) {
                throw new AssertionError();
              }
            },
            TaskRunner.inline(),
            () -> SCANNER);
    model.open("01JD4H3SJBBV0028T5CY4TQKFF");
    assertThat(model.title().get()).contains("is not in the local copy. Run ./proctor sync.");
    assertThat(model.bubbles()).isEmpty();
    assertThat(model.integrity().get()).isEmpty();
  }
}
