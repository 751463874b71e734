package dev.proctor.format;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A recorded session read back as exchanges: what each request asked and the text each response
 * carried, reassembled from the stream exactly as the client received it.
 *
 * <pre>{@code
 * Transcript t = Transcript.of(events);
 * for (Transcript.Exchange x : t.exchanges()) {
 *   System.out.println(x.prompt() + " -> " + x.responseText());
 * }
 * }</pre>
 */
public record Transcript(
    String sid,
    Optional<SessionOpen> open,
    Instant started,
    List<Exchange> exchanges,
    Optional<SessionClose> close) {

  public Transcript {
    requireNonNull(sid, "sid");
    exchanges = List.copyOf(exchanges);
  }

  /**
   * Builds the transcript of one session's events, in sequence order.
   *
   * @throws IllegalArgumentException if the list is empty
   */
  public static Transcript of(List<Event> events) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("events: [] (expected: at least one event)");
    }
    Optional<SessionOpen> open = Optional.empty();
    Optional<SessionClose> close = Optional.empty();
    Map<String, Exchange.Builder> byXid = new LinkedHashMap<>();
    for (Event event : events) {
      switch (event.data()) {
        case SessionOpen o -> open = Optional.of(o);
        case SessionClose c -> close = Optional.of(c);
        case ExchangeRequest r ->
            byXid.put(
                event.xid().orElse(""),
                new Exchange.Builder(event.xid().orElse(""), event.ts(), r));
        case ExchangeResponse r -> builder(byXid, event).response = Optional.of(r);
        case ExchangeChunk c -> builder(byXid, event).chunks.add(c);
        case ExchangeEnd e -> builder(byXid, event).end = Optional.of(e);
        case AccessTransition ignored -> {} // audit chains are not sessions
      }
    }
    List<Exchange> exchanges = byXid.values().stream().map(Exchange.Builder::build).toList();
    return new Transcript(events.getFirst().sid(), open, events.getFirst().ts(), exchanges, close);
  }

  private static Exchange.Builder builder(Map<String, Exchange.Builder> byXid, Event event) {
    Exchange.Builder b = byXid.get(event.xid().orElse(""));
    if (b == null) {
      throw new FormatException(
          "seq "
              + event.seq()
              + ": "
              + event.type().wireName()
              + " for an exchange that has no request");
    }
    return b;
  }

  /** One request and what came back. */
  public record Exchange(
      String xid,
      Instant started,
      ExchangeRequest request,
      Optional<ExchangeResponse> response,
      List<ExchangeChunk> chunks,
      Optional<ExchangeEnd> end) {

    /** The last user turn of the request, as text. */
    public String prompt() {
      return request.body().map(Transcript::lastUserText).orElse("");
    }

    /**
     * The response text (and tool-call arguments) exactly as the client received them, without the
     * model's reasoning (Anthropic thinking, Responses reasoning summaries and text).
     */
    public String responseText() {
      StringBuilder text = new StringBuilder();
      if (!chunks.isEmpty()) {
        for (ExchangeChunk chunk : chunks) {
          parse(chunk.data()).ifPresent(node -> appendDelta(request.api(), node, text));
        }
      } else {
        end.flatMap(ExchangeEnd::responseBody)
            .ifPresent(body -> appendBody(request.api(), body, text));
      }
      return text.toString();
    }

    static final class Builder {
      private final String xid;
      private final Instant started;
      private final ExchangeRequest request;
      private Optional<ExchangeResponse> response = Optional.empty();
      private final List<ExchangeChunk> chunks = new ArrayList<>();
      private Optional<ExchangeEnd> end = Optional.empty();

      Builder(String xid, Instant started, ExchangeRequest request) {
        this.xid = xid;
        this.started = started;
        this.request = request;
      }

      Exchange build() {
        return new Exchange(xid, started, request, response, chunks, end);
      }
    }
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

  private static void appendDelta(ApiKind api, JsonNode node, StringBuilder text) {
    switch (api) {
      case OPENAI_CHAT -> {
        for (JsonNode choice : node.path("choices")) {
          JsonNode delta = choice.path("delta");
          text.append(delta.path("content").asText(""));
          for (JsonNode call : delta.path("tool_calls")) {
            text.append(call.path("function").path("arguments").asText(""));
          }
        }
      }
      case OPENAI_COMPLETIONS -> {
        for (JsonNode choice : node.path("choices")) {
          text.append(choice.path("text").asText(""));
        }
      }
      case OPENAI_RESPONSES -> {
        String type = node.path("type").asText();
        if (type.endsWith(".delta") && !isReasoning(type.substring("response.".length()))) {
          text.append(node.path("delta").asText(""));
        }
      }
      case ANTHROPIC_MESSAGES -> {
        JsonNode delta = node.path("delta");
        text.append(delta.path("text").asText(""));
        text.append(delta.path("partial_json").asText(""));
      }
      case RAW -> {}
    }
  }

  /**
   * Whether a Responses output item type, or an event type without its {@code response.} prefix, is
   * the model's reasoning (its summary or its text): like Anthropic's thinking, it is not part of
   * the answer the client shows as the reply.
   */
  private static boolean isReasoning(String type) {
    return type.startsWith("reasoning");
  }

  private static void appendBody(ApiKind api, JsonNode body, StringBuilder text) {
    switch (api) {
      case OPENAI_CHAT -> {
        for (JsonNode choice : body.path("choices")) {
          JsonNode message = choice.path("message");
          text.append(message.path("content").asText(""));
          for (JsonNode call : message.path("tool_calls")) {
            text.append(call.path("function").path("arguments").asText(""));
          }
        }
      }
      case OPENAI_COMPLETIONS -> {
        for (JsonNode choice : body.path("choices")) {
          text.append(choice.path("text").asText(""));
        }
      }
      case OPENAI_RESPONSES -> {
        // The API's answer holds its text in output items; output_text is an SDK convenience
        for (JsonNode item : body.path("output")) {
          if (isReasoning(item.path("type").asText())) {
            continue;
          }
          if (item.path("type").asText().equals("function_call")) {
            text.append(item.path("arguments").asText(""));
          }
          for (JsonNode part : item.path("content")) {
            text.append(part.path("text").asText(""));
          }
        }
        if (text.isEmpty()) {
          text.append(body.path("output_text").asText(""));
        }
      }
      case ANTHROPIC_MESSAGES -> {
        for (JsonNode block : body.path("content")) {
          text.append(block.path("text").asText(""));
          if (block.has("input")) {
            text.append(block.get("input").toString());
          }
        }
      }
      case RAW -> text.append(body.isTextual() ? body.asText() : body.toString());
    }
  }

  /**
   * The last user turn of a model API request body: {@code prompt} (legacy completions), a string
   * {@code input} or the last {@code user} item of an {@code input} list (responses), or the last
   * {@code user} message's text (chat and messages).
   */
  public static String lastUserText(JsonNode body) {
    if (body.has("prompt")) {
      JsonNode prompt = body.get("prompt");
      return prompt.isArray() && !prompt.isEmpty() ? prompt.get(0).asText() : prompt.asText();
    }
    if (body.has("input") && body.get("input").isTextual()) {
      return body.get("input").asText();
    }
    JsonNode messages = body.has("input") ? body.path("input") : body.path("messages");
    for (int i = messages.size() - 1; i >= 0; i--) {
      JsonNode m = messages.get(i);
      if ("user".equals(m.path("role").asText())) {
        return contentText(m.path("content"));
      }
    }
    return "";
  }

  /** The text of a message's content: a string, or the text parts of a list of blocks. */
  public static String contentText(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder out = new StringBuilder();
    for (JsonNode part : content) {
      if (part.has("text")) {
        if (!out.isEmpty()) {
          out.append('\n');
        }
        out.append(part.get("text").asText());
      } else if (part.has("content")) {
        out.append(contentText(part.get("content")));
      }
    }
    return out.toString();
  }
}
