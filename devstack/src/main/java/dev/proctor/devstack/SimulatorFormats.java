package dev.proctor.devstack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The wire shapes of the simulated APIs: a whole body for a non-streaming call, or the list of
 * server-sent events for a streaming one. Each event is {@code [eventName or null, data]}.
 */
final class SimulatorFormats {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private SimulatorFormats() {}

  record Sse(String event, String data) {}

  // --- OpenAI chat completions ---

  static ObjectNode chatBody(String id, String model, SimulatedReply reply) {
    ObjectNode message = F.objectNode().put("role", "assistant");
    if (reply.toolName().isPresent()) {
      message.putNull("content");
      message.set("tool_calls", F.arrayNode().add(toolCall(reply, true)));
    } else {
      message.put("content", reply.text());
    }
    ObjectNode choice = F.objectNode().put("index", 0);
    choice.set("message", message);
    choice.putNull("logprobs");
    choice.put("finish_reason", reply.toolName().isPresent() ? "tool_calls" : "stop");
    ObjectNode body = base(id, "chat.completion", model);
    body.set("choices", F.arrayNode().add(choice));
    body.set("usage", openAiUsage(reply));
    return body;
  }

  static List<Sse> chatStream(String id, String model, SimulatedReply reply, boolean includeUsage) {
    List<Sse> events = new ArrayList<>();
    ObjectNode first = F.objectNode().put("role", "assistant");
    if (reply.toolName().isPresent()) {
      first.putNull("content");
      ObjectNode call = toolCall(reply, false);
      call.put("index", 0);
      first.set("tool_calls", F.arrayNode().add(call));
    } else {
      first.put("content", "");
    }
    events.add(chatChunk(id, model, first, null));
    for (String token : reply.tokens()) {
      ObjectNode delta = F.objectNode();
      if (reply.toolName().isPresent()) {
        ObjectNode fn = F.objectNode().put("arguments", token);
        delta.set(
            "tool_calls", F.arrayNode().add(F.objectNode().put("index", 0).set("function", fn)));
      } else {
        delta.put("content", token);
      }
      events.add(chatChunk(id, model, delta, null));
    }
    events.add(
        chatChunk(id, model, F.objectNode(), reply.toolName().isPresent() ? "tool_calls" : "stop"));
    if (includeUsage) {
      ObjectNode usage = base(id, "chat.completion.chunk", model);
      usage.set("choices", F.arrayNode());
      usage.set("usage", openAiUsage(reply));
      events.add(new Sse(null, usage.toString()));
    }
    events.add(new Sse(null, "[DONE]"));
    return events;
  }

  private static Sse chatChunk(String id, String model, ObjectNode delta, String finish) {
    ObjectNode choice = F.objectNode().put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    if (finish == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finish);
    }
    ObjectNode chunk = base(id, "chat.completion.chunk", model);
    chunk.set("choices", F.arrayNode().add(choice));
    return new Sse(null, chunk.toString());
  }

  private static ObjectNode toolCall(SimulatedReply reply, boolean withArguments) {
    ObjectNode fn = F.objectNode().put("name", reply.toolName().orElseThrow());
    fn.put("arguments", withArguments ? reply.text() : "");
    ObjectNode call = F.objectNode().put("id", "call_sim_1").put("type", "function");
    call.set("function", fn);
    return call;
  }

  // --- OpenAI legacy completions ---

  static ObjectNode completionBody(String id, String model, SimulatedReply reply) {
    ObjectNode choice =
        F.objectNode()
            .put("text", reply.text())
            .put("index", 0)
            .putNull("logprobs")
            .put("finish_reason", "stop");
    ObjectNode body = base(id, "text_completion", model);
    body.set("choices", F.arrayNode().add(choice));
    body.set("usage", openAiUsage(reply));
    return body;
  }

  static List<Sse> completionStream(String id, String model, SimulatedReply reply) {
    List<Sse> events = new ArrayList<>();
    List<String> tokens = reply.tokens();
    for (int i = 0; i < tokens.size(); i++) {
      ObjectNode choice =
          F.objectNode().put("text", tokens.get(i)).put("index", 0).putNull("logprobs");
      if (i == tokens.size() - 1) {
        choice.put("finish_reason", "stop");
      } else {
        choice.putNull("finish_reason");
      }
      ObjectNode chunk = base(id, "text_completion", model);
      chunk.set("choices", F.arrayNode().add(choice));
      events.add(new Sse(null, chunk.toString()));
    }
    events.add(new Sse(null, "[DONE]"));
    return events;
  }

  // --- OpenAI responses ---

  static ObjectNode responseBody(String id, String model, SimulatedReply reply) {
    ObjectNode body = responseHead(id, model, "completed");
    ArrayNode output = body.putArray("output");
    reply.thinking().ifPresent(summary -> output.add(reasoningItem(id, summary)));
    output.add(outputItem(id, reply, reply.text(), "completed"));
    body.set("usage", responsesUsage(reply));
    return body;
  }

  /**
   * The events of a streamed response, as the API sends them: the response created and in progress,
   * a reasoning summary when one was asked for (its item, part, deltas and done events), the output
   * item added, the text (or a function call's arguments) in deltas, each piece's and the item's
   * done event with the whole text, and the completed response.
   */
  static List<Sse> responseStream(String id, String model, SimulatedReply reply) {
    List<Sse> events = new ArrayList<>();
    boolean tool = reply.toolName().isPresent();
    String itemId = (tool ? "fc_" : "msg_") + id;
    ObjectNode inProgress = responseHead(id, model, "in_progress");
    inProgress.set("output", F.arrayNode());
    inProgress.putNull("usage");
    responseEvent(events, "response.created", e -> e.set("response", inProgress));
    responseEvent(events, "response.in_progress", e -> e.set("response", inProgress));
    int index = 0;
    if (reply.thinking().isPresent()) {
      reasoningEvents(events, id, reply);
      index = 1;
    }
    int outputIndex = index;
    ObjectNode added = outputItem(id, reply, "", "in_progress");
    if (!tool) {
      added.set("content", F.arrayNode());
    }
    responseEvent(
        events,
        "response.output_item.added",
        e -> e.put("output_index", outputIndex).set("item", added));
    if (!tool) {
      responseEvent(
          events,
          "response.content_part.added",
          e -> part(e, itemId, outputIndex).set("part", outputText("")));
    }
    for (String token : reply.tokens()) {
      responseEvent(
          events,
          tool ? "response.function_call_arguments.delta" : "response.output_text.delta",
          e -> {
            (tool
                    ? e.put("item_id", itemId).put("output_index", outputIndex)
                    : part(e, itemId, outputIndex))
                .put("delta", token);
            if (!tool) {
              e.set("logprobs", F.arrayNode());
            }
          });
    }
    if (tool) {
      responseEvent(
          events,
          "response.function_call_arguments.done",
          e ->
              e.put("item_id", itemId)
                  .put("output_index", outputIndex)
                  .put("arguments", reply.text()));
    } else {
      responseEvent(
          events,
          "response.output_text.done",
          e ->
              part(e, itemId, outputIndex)
                  .put("text", reply.text())
                  .set("logprobs", F.arrayNode()));
      responseEvent(
          events,
          "response.content_part.done",
          e -> part(e, itemId, outputIndex).set("part", outputText(reply.text())));
    }
    ObjectNode done = outputItem(id, reply, reply.text(), "completed");
    responseEvent(
        events,
        "response.output_item.done",
        e -> e.put("output_index", outputIndex).set("item", done));
    ObjectNode completed = responseBody(id, model, reply);
    responseEvent(events, "response.completed", e -> e.set("response", completed));
    return events;
  }

  private interface EventBody {
    void fill(ObjectNode event);
  }

  private static void responseEvent(List<Sse> events, String type, EventBody body) {
    ObjectNode event = F.objectNode().put("type", type).put("sequence_number", events.size());
    body.fill(event);
    events.add(new Sse(type, event.toString()));
  }

  private static ObjectNode part(ObjectNode event, String itemId, int outputIndex) {
    return event.put("item_id", itemId).put("output_index", outputIndex).put("content_index", 0);
  }

  /** A reasoning summary streamed as output item 0, as the API streams one before the answer. */
  private static void reasoningEvents(List<Sse> events, String id, SimulatedReply reply) {
    String summary = reply.thinking().orElseThrow();
    String itemId = "rs_" + id;
    ObjectNode added = F.objectNode().put("type", "reasoning").put("id", itemId);
    added.putArray("summary");
    responseEvent(
        events, "response.output_item.added", e -> e.put("output_index", 0).set("item", added));
    responseEvent(
        events,
        "response.reasoning_summary_part.added",
        e -> summaryPart(e, itemId).set("part", summaryText("")));
    for (String token : reply.thinkingTokens()) {
      responseEvent(
          events,
          "response.reasoning_summary_text.delta",
          e -> summaryPart(e, itemId).put("delta", token));
    }
    responseEvent(
        events,
        "response.reasoning_summary_text.done",
        e -> summaryPart(e, itemId).put("text", summary));
    responseEvent(
        events,
        "response.reasoning_summary_part.done",
        e -> summaryPart(e, itemId).set("part", summaryText(summary)));
    responseEvent(
        events,
        "response.output_item.done",
        e -> e.put("output_index", 0).set("item", reasoningItem(id, summary)));
  }

  private static ObjectNode summaryPart(ObjectNode event, String itemId) {
    return event.put("item_id", itemId).put("output_index", 0).put("summary_index", 0);
  }

  private static ObjectNode summaryText(String text) {
    return F.objectNode().put("type", "summary_text").put("text", text);
  }

  private static ObjectNode reasoningItem(String id, String summary) {
    ObjectNode item = F.objectNode().put("type", "reasoning").put("id", "rs_" + id);
    item.putArray("summary").add(summaryText(summary));
    return item;
  }

  private static ObjectNode outputText(String text) {
    ObjectNode part = F.objectNode().put("type", "output_text").put("text", text);
    part.set("annotations", F.arrayNode());
    return part;
  }

  private static ObjectNode outputItem(
      String id, SimulatedReply reply, String text, String status) {
    if (reply.toolName().isPresent()) {
      return F.objectNode()
          .put("type", "function_call")
          .put("id", "fc_" + id)
          .put("call_id", "call_sim_1")
          .put("name", reply.toolName().get())
          .put("arguments", text)
          .put("status", status);
    }
    ObjectNode item =
        F.objectNode()
            .put("type", "message")
            .put("id", "msg_" + id)
            .put("status", status)
            .put("role", "assistant");
    item.set("content", F.arrayNode().add(outputText(text)));
    return item;
  }

  private static ObjectNode responseHead(String id, String model, String status) {
    ObjectNode body =
        F.objectNode()
            .put("id", id)
            .put("object", "response")
            .put("created_at", System.currentTimeMillis() / 1000)
            .put("status", status)
            .put("model", model)
            .put("parallel_tool_calls", true)
            .put("tool_choice", "auto")
            .put("temperature", 1.0)
            .put("top_p", 1.0);
    body.putNull("error");
    body.putNull("incomplete_details");
    body.putNull("instructions");
    body.set("metadata", F.objectNode());
    body.set("tools", F.arrayNode());
    return body;
  }

  private static ObjectNode responsesUsage(SimulatedReply reply) {
    int out = reply.tokens().size();
    ObjectNode usage = F.objectNode().put("input_tokens", reply.inputTokens());
    usage.set("input_tokens_details", F.objectNode().put("cached_tokens", 0));
    usage.put("output_tokens", out);
    usage.set("output_tokens_details", F.objectNode().put("reasoning_tokens", 0));
    usage.put("total_tokens", reply.inputTokens() + out);
    return usage;
  }

  // --- Anthropic messages ---

  /**
   * @param signer signs the reply's thinking, which comes first as a {@code thinking} block
   */
  static ObjectNode messageBody(
      String id, String model, SimulatedReply reply, Function<String, String> signer) {
    ObjectNode body = messageHead(id, model, reply, reply.tokens().size());
    ArrayNode content = F.arrayNode();
    reply
        .thinking()
        .ifPresent(
            thinking ->
                content
                    .addObject()
                    .put("type", "thinking")
                    .put("thinking", thinking)
                    .put("signature", signer.apply(thinking)));
    if (reply.toolName().isPresent()) {
      ObjectNode block =
          F.objectNode()
              .put("type", "tool_use")
              .put("id", "toolu_sim_1")
              .put("name", reply.toolName().get());
      try {
        block.set("input", dev.proctor.format.Json.mapper().readTree(reply.text()));
      } catch (java.io.IOException e) {
        throw new IllegalStateException("simulated tool arguments are JSON", e);
      }
      content.add(block);
    } else {
      content.add(F.objectNode().put("type", "text").put("text", reply.text()));
    }
    body.set("content", content);
    body.put("stop_reason", reply.toolName().isPresent() ? "tool_use" : "end_turn");
    return body;
  }

  /**
   * @param signer signs the reply's thinking, which comes first as a {@code thinking} block: its
   *     text in {@code thinking_delta} events, then its signature in a {@code signature_delta}
   */
  static List<Sse> messageStream(
      String id, String model, SimulatedReply reply, Function<String, String> signer) {
    List<Sse> events = new ArrayList<>();
    ObjectNode start = F.objectNode().put("type", "message_start");
    ObjectNode message = messageHead(id, model, reply, 1);
    message.set("content", F.arrayNode());
    message.putNull("stop_reason");
    start.set("message", message);
    events.add(new Sse("message_start", start.toString()));
    int index = 0;
    if (reply.thinking().isPresent()) {
      ObjectNode thinkingStart = F.objectNode().put("type", "content_block_start").put("index", 0);
      thinkingStart.set(
          "content_block",
          F.objectNode().put("type", "thinking").put("thinking", "").put("signature", ""));
      events.add(new Sse("content_block_start", thinkingStart.toString()));
      for (String token : reply.thinkingTokens()) {
        events.add(
            blockDelta(0, F.objectNode().put("type", "thinking_delta").put("thinking", token)));
      }
      String signature = signer.apply(reply.thinking().get());
      events.add(
          blockDelta(0, F.objectNode().put("type", "signature_delta").put("signature", signature)));
      events.add(new Sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
      index = 1;
    }
    ObjectNode block =
        reply.toolName().isPresent()
            ? F.objectNode()
                .put("type", "tool_use")
                .put("id", "toolu_sim_1")
                .put("name", reply.toolName().get())
            : F.objectNode().put("type", "text").put("text", "");
    if (reply.toolName().isPresent()) {
      block.set("input", F.objectNode());
    }
    ObjectNode blockStart = F.objectNode().put("type", "content_block_start").put("index", index);
    blockStart.set("content_block", block);
    events.add(new Sse("content_block_start", blockStart.toString()));
    events.add(new Sse("ping", "{\"type\":\"ping\"}"));
    for (String token : reply.tokens()) {
      ObjectNode delta =
          reply.toolName().isPresent()
              ? F.objectNode().put("type", "input_json_delta").put("partial_json", token)
              : F.objectNode().put("type", "text_delta").put("text", token);
      events.add(blockDelta(index, delta));
    }
    events.add(
        new Sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}"));
    ObjectNode messageDelta = F.objectNode().put("type", "message_delta");
    messageDelta.set(
        "delta",
        F.objectNode()
            .put("stop_reason", reply.toolName().isPresent() ? "tool_use" : "end_turn")
            .putNull("stop_sequence"));
    messageDelta.set("usage", F.objectNode().put("output_tokens", reply.tokens().size()));
    events.add(new Sse("message_delta", messageDelta.toString()));
    events.add(new Sse("message_stop", "{\"type\":\"message_stop\"}"));
    return events;
  }

  private static Sse blockDelta(int index, ObjectNode delta) {
    ObjectNode event = F.objectNode().put("type", "content_block_delta").put("index", index);
    event.set("delta", delta);
    return new Sse("content_block_delta", event.toString());
  }

  private static ObjectNode messageHead(
      String id, String model, SimulatedReply reply, int outputTokens) {
    ObjectNode message =
        F.objectNode()
            .put("id", id)
            .put("type", "message")
            .put("role", "assistant")
            .put("model", model);
    message.putNull("stop_sequence");
    message.set(
        "usage",
        F.objectNode().put("input_tokens", reply.inputTokens()).put("output_tokens", outputTokens));
    return message;
  }

  // --- shared ---

  private static ObjectNode base(String id, String object, String model) {
    return F.objectNode()
        .put("id", id)
        .put("object", object)
        .put("created", System.currentTimeMillis() / 1000)
        .put("model", model);
  }

  private static ObjectNode openAiUsage(SimulatedReply reply) {
    int out = reply.tokens().size();
    return F.objectNode()
        .put("prompt_tokens", reply.inputTokens())
        .put("completion_tokens", out)
        .put("total_tokens", reply.inputTokens() + out);
  }
}
