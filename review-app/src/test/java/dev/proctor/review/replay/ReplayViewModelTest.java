package dev.proctor.review.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proctor.format.ApiKind;
import dev.proctor.format.Event;
import dev.proctor.format.EventChain;
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
import dev.proctor.review.sessions.Highlight;
import dev.proctor.review.ui.TaskRunner;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplayViewModelTest {
  static final Instant T0 = Instant.parse("2026-11-20T10:15:30Z");

  static Transcript session() {
    EventChain chain = EventChain.start(Ulid.at(T0));
    Optional<String> xid = Optional.of(Ulid.at(T0.plusSeconds(1)));
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("model", "sim-1");
    body.putArray("messages")
        .addObject()
        .put("role", "user")
        .put("content", "deploy with [MASKED:aws-access-key-id:0a1b2c3d] please");
    ObjectNode answer = Json.mapper().createObjectNode();
    answer.putArray("choices").addObject().putObject("message").put("content", "Done.");
    List<Event> events =
        List.of(
            chain
                .append(
                    T0,
                    Optional.empty(),
                    new SessionOpen(
                        new SessionOpen.Identity(
                            "iss",
                            "carol",
                            Optional.empty(),
                            Optional.empty(),
                            List.of(),
                            Map.of()),
                        new SessionOpen.Client("test", Map.of(), "127.0.0.1"),
                        "sim-openai",
                        Map.of(),
                        "default",
                        RecordLevel.FULL))
                .event(),
            chain
                .append(
                    T0.plusSeconds(1),
                    xid,
                    new ExchangeRequest(
                        "POST",
                        "/v1/chat/completions",
                        ApiKind.OPENAI_CHAT,
                        Optional.of("sim-1"),
                        false,
                        Map.of(),
                        Optional.of(body),
                        List.of()))
                .event(),
            chain.append(T0.plusSeconds(1), xid, new ExchangeResponse(200, Map.of(), 80)).event(),
            chain
                .append(
                    T0.plusSeconds(2),
                    xid,
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
    return Transcript.of(events);
  }

  @Test
  void aSessionReadsAsAConversationWithExchangeFactsAndMasksMarked() {
    Transcript t = session();
    ReplayViewModel model =
        new ReplayViewModel(
            sid ->
                Optional.of(
                    new ReplaySource.Recorded(
                        t, Verification.broken("segment x is missing"), List.of())),
            TaskRunner.inline());

    model.open(t.sid());

    assertThat(model.title().get())
        .isEqualTo("carol · sim-openai · 2026-11-20 10:15:30 UTC · " + t.sid());
    assertThat(model.integrity().get()).isEqualTo("broken");
    assertThat(model.integrityDetail().get()).isEqualTo("broken: segment x is missing");
    assertThat(model.bubbles())
        .extracting(Bubble::kind)
        .containsExactly("exchange", "user", "assistant");
    assertThat(model.bubbles().get(0).label())
        .isEqualTo(
            "2026-11-20 10:15:31 · openai.chat · sim-1 · HTTP 200 · completed · 412 ms · 12 → 3 tokens");
    assertThat(model.bubbles().get(1).text())
        .containsExactly(
            new Highlight("deploy with ", false),
            new Highlight("[MASKED:aws-access-key-id:0a1b2c3d]", true),
            new Highlight(" please", false));
    assertThat(model.bubbles().get(2).plain()).isEqualTo("Done.");
  }

  @Test
  void aSessionNotSyncedSaysSo() {
    ReplayViewModel model = new ReplayViewModel(sid -> Optional.empty(), TaskRunner.inline());
    model.open("01JD4H3SJBBV0028T5CY4TQKFF");
    assertThat(model.title().get()).contains("is not in the local copy. Run ./proctor sync.");
    assertThat(model.bubbles()).isEmpty();
    assertThat(model.integrity().get()).isEmpty();
  }
}
