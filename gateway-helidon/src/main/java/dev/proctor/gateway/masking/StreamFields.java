package dev.proctor.gateway.masking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the streamed text sits in one event of an answer, and which texts an event ends. Each piece
 * of text belongs to a <em>channel</em>: the whole text that the client reassembles by
 * concatenating the pieces, named by a JSON path such as {@code $.choices[0].delta.content}.
 *
 * <ul>
 *   <li>OpenAI chat: {@code choices[i].delta.content} (and {@code refusal}, {@code reasoning},
 *       {@code reasoning_content}) and {@code choices[i].delta.tool_calls[k].function.arguments}; a
 *       choice's {@code finish_reason} ends its channels.
 *   <li>OpenAI legacy completions: {@code choices[i].text}; {@code finish_reason} ends it.
 *   <li>Anthropic messages: {@code content_block_delta} with a {@code text_delta}, {@code
 *       input_json_delta} or {@code thinking_delta}; {@code content_block_stop} ends the block, and
 *       {@code message_stop} everything.
 *   <li>OpenAI responses: every {@code response.*.delta} event; its {@code .done} event ends it,
 *       and {@code response.completed}, {@code failed} or {@code incomplete} everything.
 * </ul>
 *
 * The events are recognised by their shape, not by the path they came from.
 */
final class StreamFields {
  /** Ends every channel. */
  static final String ALL = "";

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<String> CHAT_DELTA_TEXT =
      List.of("content", "refusal", "reasoning_content", "reasoning");

  private StreamFields() {}

  /**
   * One piece of streamed text in an event.
   *
   * @param parent the object holding it, where the masked piece goes
   * @param channel the JSON path naming the whole text it belongs to
   * @param flush makes a new event that carries more text of this channel, for text held back when
   *     a later event ends the channel; its argument is that later event, whose envelope it copies
   * @param signed the text is signed model output (Anthropic thinking): the client gets it as it
   *     came, the recording masked
   */
  record Piece(ObjectNode parent, String key, String channel, Flush flush, boolean signed) {
    Piece(ObjectNode parent, String key, String channel, Flush flush) {
      this(parent, key, channel, flush, false);
    }

    String text() {
      return parent.get(key).asText();
    }
  }

  /** Makes the event that carries a channel's last text. */
  interface Flush {
    ObjectNode event(ObjectNode envelope, String text);
  }

  static List<Piece> pieces(ObjectNode event) {
    List<Piece> pieces = new ArrayList<>();
    if (event.get("choices") instanceof ArrayNode choices) {
      for (int pos = 0; pos < choices.size(); pos++) {
        if (choices.get(pos) instanceof ObjectNode choice) {
          choicePieces(choice, choice.path("index").asInt(pos), pieces);
        }
      }
    }
    String type = event.path("type").asText("");
    if (type.equals("content_block_delta") && event.get("delta") instanceof ObjectNode delta) {
      Optional<String> key =
          switch (delta.path("type").asText("")) {
            case "text_delta" -> Optional.of("text");
            case "input_json_delta" -> Optional.of("partial_json");
            case "thinking_delta" -> Optional.of("thinking");
            default -> Optional.empty();
          };
      key.filter(k -> delta.path(k).isTextual())
          .ifPresent(
              k ->
                  pieces.add(
                      new Piece(
                          delta,
                          k,
                          "$.content[" + event.path("index").asInt(0) + "]." + k,
                          (envelope, text) -> {
                            ObjectNode copy = event.deepCopy();
                            ((ObjectNode) copy.get("delta")).put(k, text);
                            return copy;
                          },
                          k.equals("thinking"))));
    }
    if (isResponsesEvent(type, ".delta") && event.path("delta").isTextual()) {
      pieces.add(
          new Piece(
              event,
              "delta",
              responsesChannel(event, type, ".delta"),
              (envelope, text) -> event.deepCopy().put("delta", text)));
    }
    return pieces;
  }

  /**
   * Whether an event carries signed model output: the start of an Anthropic {@code thinking} or
   * {@code redacted_thinking} block, or a piece of its text or signature. The provider refuses the
   * next call if the block comes back altered, so such events reach the client as they came.
   */
  static boolean isSignedOutput(ObjectNode event) {
    return switch (event.path("type").asText("")) {
      case "content_block_start" -> JsonMasker.isSignedOutput(event.path("content_block"));
      case "content_block_delta" -> {
        String delta = event.path("delta").path("type").asText("");
        yield delta.equals("thinking_delta") || delta.equals("signature_delta");
      }
      default -> false;
    };
  }

  /**
   * The channels {@code event} ends, as path prefixes: a channel ends when its path starts with one
   * of them; {@link #ALL} ends every channel.
   */
  static List<String> ends(ObjectNode event) {
    List<String> ends = new ArrayList<>();
    if (event.get("choices") instanceof ArrayNode choices) {
      for (int pos = 0; pos < choices.size(); pos++) {
        JsonNode choice = choices.get(pos);
        JsonNode finish = choice.path("finish_reason");
        if (!finish.isMissingNode() && !finish.isNull()) {
          ends.add("$.choices[" + choice.path("index").asInt(pos) + "].");
        }
      }
    }
    String type = event.path("type").asText("");
    switch (type) {
      case "content_block_stop" -> ends.add("$.content[" + event.path("index").asInt(0) + "].");
      case "message_stop", "response.completed", "response.failed", "response.incomplete" ->
          ends.add(ALL);
      case "response.output_item.done" ->
          ends.add("$.output[" + event.path("item").path("id").asText("") + "].");
      default -> {
        if (isResponsesEvent(type, ".done")) {
          ends.add(responsesChannel(event, type, ".done"));
        }
      }
    }
    return ends;
  }

  private static void choicePieces(ObjectNode choice, int index, List<Piece> pieces) {
    String prefix = "$.choices[" + index + "]";
    if (choice.get("delta") instanceof ObjectNode delta) {
      for (String key : CHAT_DELTA_TEXT) {
        if (delta.path(key).isTextual()) {
          pieces.add(
              new Piece(
                  delta,
                  key,
                  prefix + ".delta." + key,
                  (envelope, text) -> chatEvent(envelope, index, F.objectNode().put(key, text))));
        }
      }
      if (delta.get("tool_calls") instanceof ArrayNode calls) {
        for (int pos = 0; pos < calls.size(); pos++) {
          JsonNode call = calls.get(pos);
          int callIndex = call.path("index").asInt(pos);
          if (call.get("function") instanceof ObjectNode function
              && function.path("arguments").isTextual()) {
            pieces.add(
                new Piece(
                    function,
                    "arguments",
                    prefix + ".delta.tool_calls[" + callIndex + "].function.arguments",
                    (envelope, text) ->
                        chatEvent(envelope, index, toolArguments(callIndex, text))));
          }
        }
      }
    }
    if (choice.path("text").isTextual()) {
      pieces.add(
          new Piece(
              choice,
              "text",
              prefix + ".text",
              (envelope, text) -> {
                ObjectNode more = F.objectNode().put("index", index).put("text", text);
                more.putNull("finish_reason");
                return withChoice(envelope, more);
              }));
    }
  }

  private static ObjectNode chatEvent(ObjectNode envelope, int index, ObjectNode delta) {
    ObjectNode choice = F.objectNode().put("index", index);
    choice.set("delta", delta);
    choice.putNull("finish_reason");
    return withChoice(envelope, choice);
  }

  private static ObjectNode toolArguments(int callIndex, String text) {
    ObjectNode call = F.objectNode().put("index", callIndex);
    call.set("function", F.objectNode().put("arguments", text));
    ObjectNode delta = F.objectNode();
    delta.set("tool_calls", F.arrayNode().add(call));
    return delta;
  }

  /** The envelope (id, object, created, model) with {@code choice} as its only choice. */
  private static ObjectNode withChoice(ObjectNode envelope, ObjectNode choice) {
    ObjectNode event = F.objectNode();
    envelope
        .properties()
        .forEach(
            field -> {
              if (!field.getKey().equals("choices") && !field.getKey().equals("usage")) {
                event.set(field.getKey(), field.getValue().deepCopy());
              }
            });
    event.set("choices", F.arrayNode().add(choice));
    return event;
  }

  private static boolean isResponsesEvent(String type, String suffix) {
    return type.startsWith("response.") && type.endsWith(suffix) && type.length() > 9 + 5;
  }

  /** {@code $.output[<item>].<kind>[<part>]}, where kind is, say, {@code output_text}. */
  private static String responsesChannel(JsonNode event, String type, String suffix) {
    String kind = type.substring("response.".length(), type.length() - suffix.length());
    int part = event.path("content_index").asInt(event.path("summary_index").asInt(0));
    return "$.output[" + event.path("item_id").asText("") + "]." + kind + "[" + part + "]";
  }
}
