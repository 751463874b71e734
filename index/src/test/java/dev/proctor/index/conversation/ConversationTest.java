package dev.proctor.index.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proctor.format.ApiKind;
import dev.proctor.format.ExchangeEnd;
import dev.proctor.format.ExchangeRequest;
import dev.proctor.format.Json;
import dev.proctor.format.Outcome;
import dev.proctor.format.Transcript;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConversationTest {
  @Test
  void aCodexTurnReadsItsInputItemsAndItsOutputItems() throws Exception {
    JsonNode request =
        Json.mapper()
            .readTree(
                """
                {"model":"gpt-5","input":[
                  {"type":"message","role":"developer","content":[{"type":"input_text","text":"be brief"}]},
                  {"type":"message","role":"user","content":[{"type":"input_text","text":"fix the build"}]},
                  {"type":"function_call","call_id":"c1","name":"shell","arguments":"{}"},
                  {"type":"function_call_output","call_id":"c1","output":"BUILD FAILED"}]}
                """);
    JsonNode answer =
        Json.mapper()
            .readTree(
                """
                {"id":"resp_1","object":"response","output":[
                  {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"**Retrying**"}],
                   "content":[{"type":"reasoning_text","text":"The build may be flaky."}]},
                  {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Running it again.","annotations":[]}]},
                  {"type":"function_call","call_id":"c2","name":"shell","arguments":"{\\"cmd\\":\\"mvn\\"}"}]}
                """);

    assertThat(Conversation.of(exchange(request, answer)))
        .containsExactly(
            new Message(Message.Role.TOOL_RESULT, "c1", "BUILD FAILED"),
            new Message(Message.Role.USER, "", "fix the build"),
            new Message(Message.Role.ASSISTANT, "", "Running it again."),
            new Message(Message.Role.TOOL_CALL, "shell", "{\"cmd\":\"mvn\"}"));
  }

  @Test
  void anAgentsToolLoopShowsItsPromptOnceWhereItWasAsked() throws Exception {
    Transcript.Exchange asked =
        chat(
            """
            {"messages":[{"role":"user","content":"find the callers"}]}
            """,
            """
            {"choices":[{"message":{"role":"assistant","content":null,"tool_calls":[
              {"id":"c1","type":"function","function":{"name":"search_code","arguments":"{}"}}]}}]}
            """);
    Transcript.Exchange toolResult =
        chat(
            """
            {"messages":[{"role":"user","content":"find the callers"},
              {"role":"assistant","content":null,"tool_calls":[
                {"id":"c1","type":"function","function":{"name":"search_code","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"c1","content":"Legacy.java:88"}]}
            """,
            """
            {"choices":[{"message":{"role":"assistant","content":"Legacy.java skips it."}}]}
            """);
    Transcript.Exchange askedAgain =
        chat(
            """
            {"messages":[{"role":"user","content":"find the callers"},
              {"role":"assistant","content":"Legacy.java skips it."},
              {"role":"user","content":"find the callers"}]}
            """,
            """
            {"choices":[{"message":{"role":"assistant","content":"Still Legacy.java."}}]}
            """);

    Transcript.Exchange sideRequest =
        chat(
            """
            {"messages":[{"role":"user","content":"write a 5-word title for this chat"}]}
            """,
            """
            {"choices":[{"message":{"role":"assistant","content":"Finding validateToken callers"}}]}
            """);

    Conversation.Reader session = new Conversation.Reader();
    assertThat(session.read(asked))
        .extracting(Message::role)
        .containsExactly(Message.Role.USER, Message.Role.TOOL_CALL);
    assertThat(session.read(sideRequest)).extracting(Message::role).contains(Message.Role.USER);
    assertThat(session.read(toolResult))
        .as("the prompt, resent as history with the tool's result, is not asked again")
        .containsExactly(
            new Message(Message.Role.TOOL_RESULT, "c1", "Legacy.java:88"),
            new Message(Message.Role.ASSISTANT, "", "Legacy.java skips it."));
    assertThat(session.read(askedAgain))
        .as("the same words in a new turn are asked again")
        .containsExactly(
            new Message(Message.Role.USER, "", "find the callers"),
            new Message(Message.Role.ASSISTANT, "", "Still Legacy.java."));

    assertThat(new Conversation.Reader().read(toolResult))
        .as("a session that starts in the middle of a task still shows what was asked")
        .containsExactly(
            new Message(Message.Role.TOOL_RESULT, "c1", "Legacy.java:88"),
            new Message(Message.Role.USER, "", "find the callers"),
            new Message(Message.Role.ASSISTANT, "", "Legacy.java skips it."));
  }

  private static Transcript.Exchange chat(String request, String answer) throws Exception {
    return exchange(
        ApiKind.OPENAI_CHAT, Json.mapper().readTree(request), Json.mapper().readTree(answer));
  }

  private static Transcript.Exchange exchange(JsonNode request, JsonNode answer) {
    return exchange(ApiKind.OPENAI_RESPONSES, request, answer);
  }

  private static Transcript.Exchange exchange(ApiKind api, JsonNode request, JsonNode answer) {
    return new Transcript.Exchange(
        "x",
        Instant.EPOCH,
        new ExchangeRequest(
            "POST",
            "/v1/responses",
            api,
            Optional.of("gpt-5"),
            false,
            Map.of(),
            Optional.of(request),
            List.of()),
        Optional.empty(),
        List.of(),
        Optional.of(
            new ExchangeEnd(
                Outcome.COMPLETED,
                1,
                1,
                1,
                Optional.empty(),
                Optional.of(answer),
                List.of(),
                Optional.empty())));
  }
}
