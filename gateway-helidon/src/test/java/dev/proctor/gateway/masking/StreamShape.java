package dev.proctor.gateway.masking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.proctor.format.Json;
import dev.proctor.gateway.sse.SseEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The streamed answers of the APIs the gateway masks, written as their providers send them, and
 * read back the way their clients reassemble them. The test's own reading of the wire format, kept
 * apart from the gateway's code on purpose.
 */
enum StreamShape {
  OPENAI_CHAT_CONTENT {
    @Override
    List<String> events(List<String> pieces) {
      List<String> events = new ArrayList<>();
      events.add(chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null"));
      pieces.forEach(p -> events.add(chunk("{\"content\":" + q(p) + "}", "null")));
      events.add(chunk("{}", "\"stop\""));
      events.add(
          "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
              + "\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":9}}\n\n");
      events.add("data: [DONE]\n\n");
      return events;
    }

    @Override
    String reassemble(List<JsonNode> events) {
      StringBuilder text = new StringBuilder();
      for (JsonNode e : events) {
        for (JsonNode choice : e.path("choices")) {
          text.append(choice.path("delta").path("content").asText(""));
        }
      }
      return text.toString();
    }
  },
  OPENAI_CHAT_TOOL_ARGUMENTS {
    @Override
    List<String> events(List<String> pieces) {
      List<String> events = new ArrayList<>();
      events.add(
          chunk(
              "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                  + "\"type\":\"function\",\"function\":{\"name\":\"run\",\"arguments\":\"\"}}]}",
              "null"));
      pieces.forEach(
          p ->
              events.add(
                  chunk(
                      "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + q(p) + "}}]}",
                      "null")));
      events.add(chunk("{}", "\"tool_calls\""));
      events.add("data: [DONE]\n\n");
      return events;
    }

    @Override
    String reassemble(List<JsonNode> events) {
      StringBuilder text = new StringBuilder();
      for (JsonNode e : events) {
        for (JsonNode choice : e.path("choices")) {
          for (JsonNode call : choice.path("delta").path("tool_calls")) {
            text.append(call.path("function").path("arguments").asText(""));
          }
        }
      }
      return text.toString();
    }
  },
  /** Legacy completions: the last piece comes in the event that finishes the choice. */
  OPENAI_COMPLETIONS {
    @Override
    List<String> events(List<String> pieces) {
      List<String> events = new ArrayList<>();
      for (int i = 0; i < pieces.size(); i++) {
        String finish = i == pieces.size() - 1 ? "\"length\"" : "null";
        events.add(
            "data: {\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"text\":"
                + q(pieces.get(i))
                + ",\"logprobs\":null,\"finish_reason\":"
                + finish
                + "}]}\n\n");
      }
      events.add("data: [DONE]\n\n");
      return events;
    }

    @Override
    String reassemble(List<JsonNode> events) {
      StringBuilder text = new StringBuilder();
      for (JsonNode e : events) {
        for (JsonNode choice : e.path("choices")) {
          text.append(choice.path("text").asText(""));
        }
      }
      return text.toString();
    }
  },
  ANTHROPIC_TEXT {
    @Override
    List<String> events(List<String> pieces) {
      return anthropic(pieces, "{\"type\":\"text\",\"text\":\"\"}", "text_delta", "text");
    }

    @Override
    String reassemble(List<JsonNode> events) {
      return anthropicText(events, "text");
    }
  },
  ANTHROPIC_TOOL_INPUT {
    @Override
    List<String> events(List<String> pieces) {
      return anthropic(
          pieces,
          "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"run\",\"input\":{}}",
          "input_json_delta",
          "partial_json");
    }

    @Override
    String reassemble(List<JsonNode> events) {
      return anthropicText(events, "partial_json");
    }
  },
  OPENAI_RESPONSES {
    @Override
    List<String> events(List<String> pieces) {
      String whole = String.join("", pieces);
      List<String> events = new ArrayList<>();
      int[] seq = {0};
      events.add(
          responses(
              "response.created",
              "\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\",\"output\":[]}",
              seq));
      events.add(
          responses(
              "response.output_item.added",
              "\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                  + "\"content\":[]}",
              seq));
      pieces.forEach(
          p ->
              events.add(
                  responses(
                      "response.output_text.delta",
                      "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":"
                          + q(p),
                      seq)));
      events.add(
          responses(
              "response.output_text.done",
              "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"text\":" + q(whole),
              seq));
      events.add(
          responses(
              "response.completed",
              "\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[{\"id\":\"msg_1\","
                  + "\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":"
                  + q(whole)
                  + "}]}]}",
              seq));
      return events;
    }

    @Override
    String reassemble(List<JsonNode> events) {
      StringBuilder text = new StringBuilder();
      for (JsonNode e : events) {
        if (e.path("type").asText().equals("response.output_text.delta")) {
          text.append(e.path("delta").asText());
        }
      }
      return text.toString();
    }
  };

  /** The events of an answer whose text comes in {@code pieces}, each a whole SSE frame. */
  abstract List<String> events(List<String> pieces);

  /** The text a client reassembles from the events' data. */
  abstract String reassemble(List<JsonNode> events);

  /** The JSON data of events as the client parses them; {@code [DONE]} and the like left out. */
  static List<JsonNode> json(List<SseEvent> events) {
    List<JsonNode> out = new ArrayList<>();
    for (SseEvent e : events) {
      if (e.data().startsWith("{")) {
        try {
          out.add(Json.mapper().readTree(e.data()));
        } catch (IOException x) {
          throw new UncheckedIOException("the client received broken JSON: " + e.data(), x);
        }
      }
    }
    return out;
  }

  private static String chunk(String delta, String finish) {
    return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
        + "\"choices\":[{\"index\":0,\"delta\":"
        + delta
        + ",\"logprobs\":null,\"finish_reason\":"
        + finish
        + "}]}\n\n";
  }

  private static List<String> anthropic(
      List<String> pieces, String block, String deltaType, String field) {
    List<String> events = new ArrayList<>();
    events.add(
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
            + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"m\","
            + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n");
    events.add(
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":"
            + block
            + "}\n\n");
    events.add("event: ping\ndata: {\"type\": \"ping\"}\n\n");
    pieces.forEach(
        p ->
            events.add(
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\""
                    + deltaType
                    + "\",\""
                    + field
                    + "\":"
                    + q(p)
                    + "}}\n\n"));
    events.add(
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
    events.add(
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
            + "\"end_turn\"},\"usage\":{\"output_tokens\":15}}\n\n");
    events.add("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    return events;
  }

  private static String anthropicText(List<JsonNode> events, String field) {
    StringBuilder text = new StringBuilder();
    for (JsonNode e : events) {
      if (e.path("type").asText().equals("content_block_delta")) {
        text.append(e.path("delta").path(field).asText(""));
      }
    }
    return text.toString();
  }

  private static String responses(String type, String fields, int[] seq) {
    return "event: "
        + type
        + "\ndata: {\"type\":\""
        + type
        + "\","
        + fields
        + ",\"sequence_number\":"
        + seq[0]++
        + "}\n\n";
  }

  private static String q(String s) {
    return TextNode.valueOf(s).toString();
  }
}
