package dev.proctor.index.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proctor.format.ApiKind;
import dev.proctor.format.Json;
import dev.proctor.format.Transcript;
import dev.proctor.format.Verification;
import dev.proctor.index.search.TranscriptBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentReportTest {
  /** An agent reads a file with a tool; the key is in the tool's output, not in any prompt. */
  static Transcript toolSession() throws Exception {
    JsonNode request =
        Json.mapper()
            .readTree(
                """
        {"model": "claude", "messages": [
          {"role": "user", "content": "why does the deploy fail?"},
          {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "read_file",
                                             "input": {"path": ".env"}}]},
          {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1",
            "content": "AWS_ACCESS_KEY_ID=[MASKED:aws-access-key-id:0123abcd]"}]}]}
        """);
    JsonNode response =
        Json.mapper()
            .readTree(
                """
        {"content": [{"type": "text", "text": "The key in .env is rotated."},
                     {"type": "tool_use", "id": "t2", "name": "run_shell",
                      "input": {"cmd": "aws sts get-caller-identity"}}]}
        """);
    return new TranscriptBuilder(
            "alice", List.of("developers"), Instant.parse("2026-12-01T09:00:00Z"))
        .exchange(ApiKind.ANTHROPIC_MESSAGES, "claude", request, response, List.of())
        .build();
  }

  @Test
  void theConversationShowsToolCallsByNameAndTheToolResultsTheRequestCarried() throws Exception {
    Transcript t = toolSession();

    String md = IncidentReport.render(t, Verification.verified(), IncidentReport.Format.MD);
    assertThat(md)
        .contains("**tool result for t1**\n\n```text\nAWS_ACCESS_KEY_ID=[MASKED:aws-access-key-id:")
        .contains("**assistant**\n\n```text\nThe key in .env is rotated.\n```")
        .contains("**tool call run_shell**\n\n```text\n{\"cmd\":\"aws sts get-caller-identity\"}");

    String html = IncidentReport.render(t, Verification.verified(), IncidentReport.Format.HTML);
    assertThat(html).contains("<p><b>tool call run_shell</b></p>");

    JsonNode json =
        Json.mapper()
            .readTree(
                IncidentReport.render(t, Verification.verified(), IncidentReport.Format.JSON));
    assertThat(json.path("exchanges").get(0).path("messages"))
        .extracting(m -> m.path("role").asText() + " " + m.path("tool").asText(""))
        .as("the session starts mid-task: the prompt it serves shows once")
        .containsExactly("tool_result t1", "user ", "assistant ", "tool_call run_shell");
  }
}
