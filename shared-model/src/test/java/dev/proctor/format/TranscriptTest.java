package dev.proctor.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptTest {
  @Test
  void streamedChatIsReassembledFromItsChunks() {
    List<Event> events = SampleSession.links().stream().map(EventChain.Link::event).toList();

    Transcript transcript = Transcript.of(events);

    assertThat(transcript.sid()).isEqualTo(SampleSession.SID);
    assertThat(transcript.open()).get().extracting(o -> o.identity().subject()).isEqualTo("alice");
    assertThat(transcript.exchanges())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.prompt()).isEqualTo("Say hello");
              assertThat(x.responseText()).isEqualTo("Hello there");
              assertThat(x.end())
                  .get()
                  .extracting(ExchangeEnd::outcome)
                  .isEqualTo(Outcome.COMPLETED);
            });
    assertThat(transcript.close()).get().extracting(SessionClose::reason).isEqualTo("idle");
  }

  @Test
  void aResponsesCallReadsItsPromptFromTheInputListAndItsAnswerFromTheOutputItems()
      throws Exception {
    // The shapes Codex sends and the API answers: input items, then output items; the answer has
    // no output_text (that is an SDK convenience, not part of the API's JSON).
    var request =
        Json.mapper()
            .readTree(
                """
                {"model":"gpt-5","input":[
                  {"type":"message","role":"developer","content":[{"type":"input_text","text":"be brief"}]},
                  {"type":"message","role":"user","content":[{"type":"input_text","text":"<environment_context/>"}]},
                  {"type":"message","role":"user","content":[{"type":"input_text","text":"fix the build"}]},
                  {"type":"function_call","call_id":"c1","name":"shell","arguments":"{}"},
                  {"type":"function_call_output","call_id":"c1","output":"ok"}]}
                """);
    var answer =
        Json.mapper()
            .readTree(
                """
                {"id":"resp_1","object":"response","output":[
                  {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"**Planning**"}],
                   "content":[{"type":"reasoning_text","text":"I should list files."}]},
                  {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Done.","annotations":[]}]},
                  {"type":"function_call","call_id":"c2","name":"shell","arguments":"{\\"cmd\\":\\"ls\\"}"}]}
                """);
    Transcript.Exchange exchange =
        responses(
            java.util.Optional.of(request),
            List.of(),
            java.util.Optional.of(
                new ExchangeEnd(
                    Outcome.COMPLETED,
                    1,
                    1,
                    1,
                    java.util.Optional.empty(),
                    java.util.Optional.of(answer),
                    List.of(),
                    java.util.Optional.empty())));

    assertThat(exchange.prompt()).isEqualTo("fix the build");
    assertThat(exchange.responseText()).isEqualTo("Done.{\"cmd\":\"ls\"}");
  }

  @Test
  void aStreamedResponsesAnswerLeavesItsReasoningOutOfTheReply() throws Exception {
    // Codex asks for reasoning summaries: they stream before the answer, as events of their own
    List<ExchangeChunk> chunks =
        java.util.stream.Stream.of(
                "{\"type\":\"response.reasoning_summary_text.delta\",\"item_id\":\"rs_1\",\"delta\":\"**Planning**\"}",
                "{\"type\":\"response.reasoning_text.delta\",\"item_id\":\"rs_1\",\"delta\":\"I should\"}",
                "{\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"delta\":\"Done\"}",
                "{\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"delta\":\".\"}",
                "{\"type\":\"response.function_call_arguments.delta\",\"item_id\":\"fc_1\",\"delta\":\"{}\"}")
            .map(data -> new ExchangeChunk(1, java.util.Optional.empty(), data))
            .toList();
    Transcript.Exchange exchange =
        responses(java.util.Optional.empty(), chunks, java.util.Optional.empty());

    assertThat(exchange.responseText()).isEqualTo("Done.{}");
  }

  /** A Responses API exchange to gpt-5, streamed when it has chunks. */
  private static Transcript.Exchange responses(
      java.util.Optional<com.fasterxml.jackson.databind.JsonNode> request,
      List<ExchangeChunk> chunks,
      java.util.Optional<ExchangeEnd> end) {
    return new Transcript.Exchange(
        "x",
        java.time.Instant.EPOCH,
        new ExchangeRequest(
            "POST",
            "/v1/responses",
            ApiKind.OPENAI_RESPONSES,
            java.util.Optional.of("gpt-5"),
            !chunks.isEmpty(),
            java.util.Map.of(),
            request,
            List.of()),
        java.util.Optional.empty(),
        chunks,
        end);
  }

  @Test
  void chunkWithoutItsRequestIsAFormatError() {
    List<Event> events = SampleSession.links().stream().map(EventChain.Link::event).toList();
    List<Event> withoutRequest = List.of(events.get(0), events.get(3));

    assertThatThrownBy(() -> Transcript.of(withoutRequest))
        .isInstanceOf(FormatException.class)
        .hasMessage("seq 3: exchange.chunk for an exchange that has no request");
  }
}
