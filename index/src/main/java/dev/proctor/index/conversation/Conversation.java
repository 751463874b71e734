package dev.proctor.index.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proctor.format.ApiKind;
import dev.proctor.format.ExchangeChunk;
import dev.proctor.format.Json;
import dev.proctor.format.Transcript;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads an exchange as messages: the new turn of the request (the user's prompt and the tool
 * results it carries) and the response (the assistant's text and each tool call, reassembled from
 * the stream when it was streamed). Earlier turns of the request are history the client resent;
 * they were read in the exchanges that produced them.
 */
public final class Conversation {
  private Conversation() {}

  /** The messages of one exchange read on its own, in reading order; empty ones are left out. */
  public static List<Message> of(Transcript.Exchange exchange) {
    return new Reader().read(exchange);
  }

  /**
   * Reads the exchanges of one session, in order. An agent's tool loop sends the user's prompt
   * again as history with each tool result; such a resent prompt is read only when this reader has
   * not read it yet, so it shows once, where it was asked (or first where the session starts in the
   * middle of a task), even when side requests (a title, a summary) come in between. A prompt a
   * request brings in its own new turn always shows.
   */
  public static final class Reader {
    private final Set<String> prompts = new HashSet<>();

    /** The messages of the session's next exchange, in reading order; empty ones left out. */
    public List<Message> read(Transcript.Exchange exchange) {
      List<Message> messages = new ArrayList<>();
      exchange
          .request()
          .body()
          .ifPresent(
              body -> {
                Prompt prompt = requestTurn(body, messages);
                if (!prompt.text().isEmpty() && (prompts.add(prompt.text()) || !prompt.resent())) {
                  messages.add(new Message(Message.Role.USER, "", prompt.text()));
                }
              });
      Response response = new Response();
      if (!exchange.chunks().isEmpty()) {
        for (ExchangeChunk chunk : exchange.chunks()) {
          parse(chunk.data()).ifPresent(n -> response.delta(exchange.request().api(), n));
        }
      } else {
        exchange
            .end()
            .flatMap(e -> e.responseBody())
            .ifPresent(body -> response.body(exchange.request().api(), body));
      }
      response.addTo(messages);
      return messages.stream().filter(m -> !m.text().isEmpty() || !m.tool().isEmpty()).toList();
    }
  }

  /**
   * The user's words a request carries.
   *
   * @param resent they are history, from before the request's new turn
   */
  private record Prompt(String text, boolean resent) {}

  /** Adds the tool results of the request's new turn; returns the user's words it carries. */
  private static Prompt requestTurn(JsonNode body, List<Message> out) {
    JsonNode messages = body.path("messages");
    JsonNode input = body.path("input");
    if (input.isArray()) {
      for (JsonNode item : lastTurn(input)) {
        if ("function_call_output".equals(item.path("type").asText())) {
          out.add(
              new Message(
                  Message.Role.TOOL_RESULT,
                  item.path("call_id").asText(""),
                  item.path("output").asText("")));
        }
      }
    }
    for (JsonNode m : lastTurn(messages)) {
      String role = m.path("role").asText();
      if (role.equals("tool")) {
        out.add(
            new Message(
                Message.Role.TOOL_RESULT,
                m.path("tool_call_id").asText(""),
                Transcript.contentText(m.path("content"))));
      } else if (role.equals("user") && m.path("content").isArray()) {
        for (JsonNode block : m.path("content")) {
          if ("tool_result".equals(block.path("type").asText())) {
            out.add(
                new Message(
                    Message.Role.TOOL_RESULT,
                    block.path("tool_use_id").asText(""),
                    Transcript.contentText(block.path("content"))));
          }
        }
      }
    }
    return prompt(body);
  }

  /**
   * The user's own words: the last user text of the new turn, else (a turn of tool results only)
   * the last before it, as resent history. Text blocks only; tool results are read above.
   */
  private static Prompt prompt(JsonNode body) {
    if (body.has("prompt") || body.path("input").isTextual()) {
      return new Prompt(Transcript.lastUserText(body), false);
    }
    JsonNode items = body.has("input") ? body.path("input") : body.path("messages");
    int turnStart = items.size() - lastTurn(items).size();
    for (int i = items.size() - 1; i >= 0; i--) {
      String text = userText(items.get(i));
      if (!text.isEmpty()) {
        return new Prompt(text, i < turnStart);
      }
    }
    return new Prompt("", false);
  }

  /** A user message's text blocks (or its string content); empty for any other item. */
  private static String userText(JsonNode item) {
    if (!"user".equals(item.path("role").asText())) {
      return "";
    }
    JsonNode content = item.path("content");
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode block : content) {
      if (block.has("text") && !"tool_result".equals(block.path("type").asText())) {
        text.append(text.isEmpty() ? "" : "\n").append(block.get("text").asText());
      }
    }
    return text.toString();
  }

  /** The items after the last assistant turn: what is new in this request. */
  private static List<JsonNode> lastTurn(JsonNode items) {
    List<JsonNode> turn = new ArrayList<>();
    for (JsonNode item : items) {
      String role = item.path("role").asText();
      String type = item.path("type").asText();
      if (role.equals("assistant") || type.equals("function_call")) {
        turn.clear();
      } else {
        turn.add(item);
      }
    }
    return turn;
  }

  private static Optional<JsonNode> parse(String data) {
    if (data.isEmpty() || data.equals("[DONE]")) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(Json.mapper().readTree(data));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The response reassembled: text, and tool calls by their index in the stream. */
  private static final class Response {
    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, String> names = new TreeMap<>();
    private final Map<Integer, StringBuilder> arguments = new TreeMap<>();

    void delta(ApiKind api, JsonNode n) {
      switch (api) {
        case OPENAI_CHAT -> {
          for (JsonNode choice : n.path("choices")) {
            JsonNode delta = choice.path("delta");
            text.append(delta.path("content").asText(""));
            for (JsonNode call : delta.path("tool_calls")) {
              int index = call.path("index").asInt(0);
              JsonNode fn = call.path("function");
              if (fn.hasNonNull("name")) {
                names.put(index, fn.get("name").asText());
              }
              args(index).append(fn.path("arguments").asText(""));
            }
          }
        }
        case OPENAI_COMPLETIONS ->
            n.path("choices").forEach(c -> text.append(c.path("text").asText("")));
        case OPENAI_RESPONSES -> {
          String type = n.path("type").asText();
          int index = n.path("output_index").asInt(0);
          if (type.equals("response.output_text.delta")) {
            text.append(n.path("delta").asText(""));
          } else if (type.equals("response.function_call_arguments.delta")) {
            args(index).append(n.path("delta").asText(""));
          } else if (type.equals("response.output_item.added")
              && n.path("item").path("type").asText().equals("function_call")) {
            names.put(index, n.path("item").path("name").asText(""));
          }
        }
        case ANTHROPIC_MESSAGES -> {
          int index = n.path("index").asInt(0);
          JsonNode block = n.path("content_block");
          if (block.path("type").asText().equals("tool_use")) {
            names.put(index, block.path("name").asText(""));
          }
          JsonNode delta = n.path("delta");
          text.append(delta.path("text").asText(""));
          if (delta.has("partial_json")) {
            args(index).append(delta.get("partial_json").asText(""));
          }
        }
        case RAW -> {}
      }
    }

    void body(ApiKind api, JsonNode body) {
      switch (api) {
        case OPENAI_CHAT -> {
          for (JsonNode choice : body.path("choices")) {
            JsonNode message = choice.path("message");
            text.append(message.path("content").asText(""));
            int index = names.size();
            for (JsonNode call : message.path("tool_calls")) {
              names.put(index, call.path("function").path("name").asText(""));
              args(index++).append(call.path("function").path("arguments").asText(""));
            }
          }
        }
        case OPENAI_COMPLETIONS ->
            body.path("choices").forEach(c -> text.append(c.path("text").asText("")));
        case OPENAI_RESPONSES -> {
          int index = 0;
          for (JsonNode item : body.path("output")) {
            if (item.path("type").asText().equals("function_call")) {
              names.put(index, item.path("name").asText(""));
              args(index).append(item.path("arguments").asText(""));
            } else if (!item.path("type").asText().equals("reasoning")) { // not the reply
              for (JsonNode part : item.path("content")) {
                text.append(part.path("text").asText(""));
              }
            }
            index++;
          }
          if (text.isEmpty()) {
            text.append(body.path("output_text").asText(""));
          }
        }
        case ANTHROPIC_MESSAGES -> {
          int index = 0;
          for (JsonNode block : body.path("content")) {
            if (block.path("type").asText().equals("tool_use")) {
              names.put(index, block.path("name").asText(""));
              args(index).append(block.path("input").toString());
            } else {
              text.append(block.path("text").asText(""));
            }
            index++;
          }
        }
        case RAW -> text.append(body.isTextual() ? body.asText() : body.toString());
      }
    }

    private StringBuilder args(int index) {
      return arguments.computeIfAbsent(index, i -> new StringBuilder());
    }

    void addTo(List<Message> out) {
      out.add(new Message(Message.Role.ASSISTANT, "", text.toString()));
      for (var call : arguments.entrySet()) {
        out.add(
            new Message(
                Message.Role.TOOL_CALL,
                names.getOrDefault(call.getKey(), ""),
                call.getValue().toString()));
      }
      names.keySet().stream()
          .filter(i -> !arguments.containsKey(i))
          .forEach(i -> out.add(new Message(Message.Role.TOOL_CALL, names.get(i), "")));
    }
  }
}
